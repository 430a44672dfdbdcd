package dev.hallmark.issuance;

import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.RevocationRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.stereotype.Component;

/**
 * Whether the issuing CA can issue: its certificate is not revoked (an administrator may revoke it
 * through the API, which lists it on the root's CRL), has not expired, and lasts beyond the end of
 * the certificate asked for. Asked before anything is signed, so that no certificate is handed out
 * that relying parties would reject, nor one that silently ends sooner than asked.
 *
 * <p>The revocation is read from the store on every call, not cached: one indexed read, and every
 * node of a cluster sees an administrator's revocation of the CA at once.
 */
@Component
class IssuingCaCheck {

    private final CertificateAuthorities authorities;
    private final RevocationRecords records;
    private final Clock clock;

    IssuingCaCheck(CertificateAuthorities authorities, RevocationRecords records, Clock clock) {
        this.authorities = authorities;
        this.records = records;
        this.clock = clock;
    }

    /** @throws IssuingCaUnavailableException when the issuing CA is revoked or has expired */
    void requireUsable() {
        X509CertificateHolder ca = authorities.certificate(IssuerId.ISSUING);
        String serial = Serials.hex(ca.getSerialNumber());
        records.status(serial).filter(r -> r.status() == CertificateStatus.REVOKED).ifPresent(r -> {
            throw new IssuingCaUnavailableException(IssuingCaUnavailableException.Reason.REVOKED,
                    "the issuing CA certificate (serial " + serial + ") was revoked at " + r.revokedAt()
                            + "; no certificate can be issued under it");
        });
        Instant end = notAfter();
        if (!clock.instant().isBefore(end)) {
            throw new IssuingCaUnavailableException(IssuingCaUnavailableException.Reason.EXPIRED,
                    "the issuing CA certificate (serial " + serial + ") expired at " + end
                            + "; no certificate can be issued under it");
        }
    }

    /** @throws IssuingCaUnavailableException when the issuing CA ends before {@code end} */
    void requireValidUntil(Instant end) {
        Instant caEnd = notAfter();
        if (end.isAfter(caEnd)) {
            long days = Duration.between(clock.instant(), caEnd).toDays();
            throw new IssuingCaUnavailableException(IssuingCaUnavailableException.Reason.EXPIRES_BEFORE_END,
                    "the issuing CA certificate expires at " + caEnd + ", before the requested end " + end
                            + (days >= 1 ? "; ask for at most " + days + " days"
                                    : "; it has less than a day left, so no certificate can be issued under it"));
        }
    }

    /** The issuing CA's notAfter: a certificate that ends later is worthless to relying parties once the CA has expired. */
    Instant notAfter() {
        return authorities.certificate(IssuerId.ISSUING).getNotAfter().toInstant();
    }
}
