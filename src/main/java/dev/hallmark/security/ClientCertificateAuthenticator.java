package dev.hallmark.security;

import dev.hallmark.admin.Role;
import dev.hallmark.issuance.Serials;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.storage.AdministratorRepository;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a TLS client certificate on every request, beyond what the handshake checked: it was
 * issued by this issuing CA (signature), is within its validity, is in the store with the same
 * DER, and is not revoked; then looks up its administrator role. A revocation takes effect on the
 * very next request.
 */
@Component
public class ClientCertificateAuthenticator {

    private final CertificateAuthorities authorities;
    private final CertificateRepository certificates;
    private final AdministratorRepository administrators;
    private final Clock clock;

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

    @Transactional(readOnly = true)
    public Result authenticate(X509Certificate certificate) {
        X509Certificate issuing = authorities.jcaCertificate(IssuerId.ISSUING);
        try {
            if (!certificate.getIssuerX500Principal().equals(issuing.getSubjectX500Principal())) {
                return refused("the client certificate was not issued by this CA");
            }
            certificate.verify(issuing.getPublicKey());
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            return refused("the client certificate is not valid for this CA (" + e.getClass().getSimpleName() + ")");
        }
        String serial = Serials.hex(certificate.getSerialNumber());
        CertificateRecord record = certificates.findBySerial(serial).orElse(null);
        if (record == null || record.status() == CertificateStatus.PENDING || !sameDer(record, certificate)) {
            return refused("the client certificate is not known to this CA");
        }
        if (record.status() == CertificateStatus.REVOKED) {
            return refused("the client certificate has been revoked");
        }
        return administrators.findByCertificateSerial(serial)
                .map(a -> new Result(new HallmarkPrincipal("admin:" + a.name(), Role.valueOf(a.role()), serial, null), null))
                .orElseGet(() -> new Result(new HallmarkPrincipal("cert:" + serial, null, serial, null), null));
    }

    private static boolean sameDer(CertificateRecord record, X509Certificate certificate) {
        try {
            return MessageDigest.isEqual(record.der(), certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Result refused(String reason) {
        return new Result(null, reason);
    }
}
