package dev.hallmark.enrollment;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.policy.CsrDecoder;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.RequestBounds;
import dev.hallmark.policy.Violation;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import java.time.Clock;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.stereotype.Component;

/**
 * The authorizer of a current certificate of this CA presented to renew itself (REST {@code /renew}, EST
 * simplereenroll): the same profile, the same subject and exactly the same SANs, the actor {@code cert:<serial>},
 * and, inside the issuing transaction, the check that the certificate was not revoked meanwhile.
 */
@Component
public class RenewalAuthorizer {

    private final CertificateRepository certificates;
    private final AuditLog audit;
    private final Clock clock;

    public RenewalAuthorizer(CertificateRepository certificates, AuditLog audit, Clock clock) {
        this.certificates = certificates;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param currentSerial the serial of the TLS client certificate, already authenticated */
    public IssuanceGrant authorize(String currentSerial, byte[] csrBytes, String remoteAddress) {
        Actor actor = new Actor("cert:" + currentSerial, remoteAddress);
        CertificateRecord current = currentSerial == null ? null : certificates.findBySerial(currentSerial).orElse(null);
        if (current == null || current.status() != CertificateStatus.VALID || !current.notAfter().isAfter(clock.instant())) {
            String message = "the certificate to renew is not a valid certificate of this CA";
            audit.recordAlone(actor, "certificate.issue", null, Outcome.REFUSED, message);
            throw new IssuanceRefusedException(IssuanceRefusedException.Reason.UNAUTHENTICATED, message);
        }
        X509CertificateHolder certificate = CertificateNames.holder(current.der());
        PKCS10CertificationRequest csr;
        Set<GeneralName> askedSans;
        try {
            csr = CsrDecoder.decode(csrBytes);
            // comparing names reads them: whatever cannot be read is refused first, by name
            IssuancePolicy.checkSubjectReadable(csr.getSubject());
            askedSans = CertificateNames.set(CertificateNames.sans(csr));
        } catch (PolicyViolationException e) {
            audit.recordAlone(actor, "certificate.renew", currentSerial, Outcome.REFUSED, e.getMessage());
            throw e;
        }
        if (!csr.getSubject().equals(certificate.getSubject())) {
            throw outOfBounds(actor, currentSerial, "a renewal keeps the subject: the CSR asks for '" + csr.getSubject()
                    + "' but the current certificate is '" + certificate.getSubject() + "'");
        }
        Set<GeneralName> currentSans = CertificateNames.sans(certificate);
        if (!currentSans.equals(askedSans)) {
            throw outOfBounds(actor, currentSerial, "a renewal keeps the subject alternative names: the CSR asks for "
                    + CertificateNames.text(askedSans) + " but the current certificate has "
                    + CertificateNames.text(currentSans));
        }
        RequestBounds names = new RequestBounds(CertificateNames.commonName(certificate.getSubject()),
                CertificateNames.text(currentSans), true);
        return new IssuanceGrant(current.profile(), names, actor, () -> stillValid(currentSerial));
    }

    private void stillValid(String serial) {
        CertificateRecord record = certificates.findBySerial(serial).orElse(null);
        if (record == null || record.status() != CertificateStatus.VALID) {
            throw new IssuanceRefusedException(IssuanceRefusedException.Reason.UNAUTHENTICATED,
                    "the certificate to renew has been revoked");
        }
    }

    private PolicyViolationException outOfBounds(Actor actor, String serial, String message) {
        audit.recordAlone(actor, "certificate.renew", serial, Outcome.REFUSED, message);
        return new PolicyViolationException(Violation.OUT_OF_BOUNDS, message);
    }
}
