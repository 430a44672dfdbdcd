package dev.hallmark.security;

import dev.hallmark.admin.Role;
import dev.hallmark.cluster.RevocationsSeen;
import dev.hallmark.issuance.Serials;
import dev.hallmark.revocation.CertificateRevoked;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.storage.AdministratorRepository;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Checks a TLS client certificate on every request, beyond what the handshake checked: it was
 * issued by this issuing CA (signature), is within its validity, is in the store with the same
 * DER, and is not revoked; then looks up its administrator role. A revocation takes effect on the
 * very next request: accepted certificates are remembered briefly, and a revocation evicts its
 * certificate before the revoking request is answered, on other nodes within a second.
 */
@Component
public class ClientCertificateAuthenticator {

    /**
     * How long an accepted certificate is trusted from memory. Revocation evicts at once (see
     * {@link #onRevoked}); this bound only limits the damage should some future path change a
     * certificate's status or an administrator without publishing {@link CertificateRevoked}.
     */
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int CACHE_MAX = 10_000;

    private final CertificateAuthorities authorities;
    private final CertificateRepository certificates;
    private final AdministratorRepository administrators;
    private final Clock clock;

    /**
     * Certificates accepted by a full check, by serial. Looking a certificate up in the store costs a read
     * transaction and two queries, the largest cost of a request after TLS (about 15% of the server's CPU per
     * issuance in the benchmark profile). A hit still requires the very same DER and the validity period; only
     * the signature check and the two queries are saved, and a revocation evicts the entry before the revoking
     * request is answered.
     */
    private final Map<BigInteger, Accepted> accepted = new ConcurrentHashMap<>();
    /** Bumped before every eviction: a lookup that raced with one does not cache its (stale) answer. */
    private final AtomicLong evictions = new AtomicLong();

    private record Accepted(byte[] der, HallmarkPrincipal principal, Instant notBefore, Instant notAfter,
            Instant expires) {
    }

    public ClientCertificateAuthenticator(CertificateAuthorities authorities, CertificateRepository certificates,
            AdministratorRepository administrators, Clock clock) {
        this.authorities = authorities;
        this.certificates = certificates;
        this.administrators = administrators;
        this.clock = clock;
    }

    /** The outcome: a principal, or why the certificate was not accepted. */
    public record Result(HallmarkPrincipal principal, String refusal) {
    }

    public Result authenticate(X509Certificate certificate) {
        Instant now = clock.instant();
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            return refused("the client certificate cannot be encoded");
        }
        Accepted hit = accepted.get(certificate.getSerialNumber());
        if (hit != null && now.isBefore(hit.expires()) && !now.isBefore(hit.notBefore()) && !now.isAfter(hit.notAfter())
                && MessageDigest.isEqual(hit.der(), der)) {
            return new Result(hit.principal(), null);
        }
        long evictionsBefore = evictions.get();
        Result result = check(certificate, der, now);
        if (result.principal() != null) {
            if (accepted.size() >= CACHE_MAX) {
                accepted.clear();
            }
            accepted.put(certificate.getSerialNumber(), new Accepted(der, result.principal(),
                    certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now.plus(CACHE_TTL)));
            if (evictions.get() != evictionsBefore) {
                accepted.remove(certificate.getSerialNumber());
            }
        }
        return result;
    }

    /** Runs after the revocation has committed and before the revoking request is answered. */
    @EventListener
    public void onRevoked(CertificateRevoked revoked) {
        evictions.incrementAndGet();
        Serials.parse(revoked.serial()).ifPresent(hex -> accepted.remove(new BigInteger(hex, 16)));
    }

    /** Revocations made on any node, seen in the database within a second ({@code ClusterSignals}). */
    @EventListener
    public void onRevocationsSeen(RevocationsSeen seen) {
        evictions.incrementAndGet();
        if (seen.all()) {
            accepted.clear();
        } else {
            seen.serials().forEach(serial -> Serials.parse(serial).ifPresent(hex -> accepted.remove(new BigInteger(hex, 16))));
        }
    }

    private Result check(X509Certificate certificate, byte[] der, Instant now) {
        X509Certificate issuing = authorities.jcaCertificate(IssuerId.ISSUING);
        try {
            if (!certificate.getIssuerX500Principal().equals(issuing.getSubjectX500Principal())) {
                return refused("the client certificate was not issued by this CA");
            }
            certificate.verify(issuing.getPublicKey());
            certificate.checkValidity(Date.from(now));
        } catch (GeneralSecurityException e) {
            return refused("the client certificate is not valid for this CA (" + e.getClass().getSimpleName() + ")");
        }
        String serial = Serials.hex(certificate.getSerialNumber());
        CertificateRecord record = certificates.findBySerial(serial).orElse(null);
        if (record == null || record.status() == CertificateStatus.PENDING || !MessageDigest.isEqual(record.der(), der)) {
            return refused("the client certificate is not known to this CA");
        }
        if (record.status() == CertificateStatus.REVOKED) {
            return refused("the client certificate has been revoked");
        }
        return administrators.findByCertificateSerial(serial)
                .map(a -> new Result(new HallmarkPrincipal("admin:" + a.name(), Role.valueOf(a.role()), serial, null), null))
                .orElseGet(() -> new Result(new HallmarkPrincipal("cert:" + serial, null, serial, null), null));
    }

    private static Result refused(String reason) {
        return new Result(null, reason);
    }
}
