package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.policy.ApprovedCertificate;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.IssuerNameId;
import dev.hallmark.signing.LintFailedException;
import dev.hallmark.signing.Pem;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.IssuanceRecords;
import dev.hallmark.storage.SerialTakenException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way to a certificate, used by every front end. In order:
 * <ol>
 * <li>the issuing CA must be able to issue: not revoked, not expired;</li>
 * <li>policy checks the CSR against the profile and the requester's bounds;</li>
 * <li>the issuing CA must outlast the certificate: a certificate is refused rather than
 * shortened behind the requester's back;</li>
 * <li>in one transaction: the requester's authorization (a token is spent);</li>
 * <li>a random serial is reserved in the store, unique, before anything is signed (a serial found
 * taken is the one failure tried again, with a new serial: {@link SerialRetry});</li>
 * <li>the to-be-signed certificate is signed with a throwaway key and linted;</li>
 * <li>the CA signs it and the TBS bytes are confirmed identical to the linted ones;</li>
 * <li>the record is completed and the audit event written;</li>
 * <li>the transaction commits, and only then is the certificate returned.</li>
 * </ol>
 * A failure at any step rolls everything back, so nothing is kept or handed out; refusals and
 * failures are audited in a transaction of their own. Every decision is published as
 * {@link IssuanceFinished}, for the metrics.
 */
@Service
public class IssuanceService {

    private static final Logger log = LoggerFactory.getLogger(IssuanceService.class);

    private final IssuancePolicy policy;
    private final IssuingCaCheck issuingCa;
    private final RecordedSigner recordedSigner;
    private final CertificateAuthorities authorities;
    private final CertificateRepository certificates;
    private final IssuanceRecords records;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    IssuanceService(IssuancePolicy policy, IssuingCaCheck issuingCa, RecordedSigner recordedSigner,
            CertificateAuthorities authorities, CertificateRepository certificates, IssuanceRecords records,
            AuditLog audit, TransactionTemplate transactions, Clock clock, ApplicationEventPublisher events) {
        this.policy = policy;
        this.issuingCa = issuingCa;
        this.recordedSigner = recordedSigner;
        this.authorities = authorities;
        this.certificates = certificates;
        this.records = records;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.events = events;
    }

    public IssuedCertificate issue(IssuanceRequest request) {
        long started = System.nanoTime();
        Outcome outcome = Outcome.FAILED;
        try {
            IssuedCertificate issued = decide(request);
            outcome = Outcome.SUCCESS;
            return issued;
        } catch (PolicyViolationException | IssuanceRefusedException e) {
            outcome = Outcome.REFUSED;
            throw e;
        } finally {
            events.publishEvent(new IssuanceFinished(request.profile(), outcome,
                    Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    /**
     * What {@link #issue} would sign for this request, judged by the same checks in the same order (profile, issuing
     * CA, policy), without reserving a serial, signing, storing or auditing anything: a preview for a person to
     * confirm (the console). A refusal is thrown as {@link #issue} would throw it.
     */
    public IssuancePreview preview(IssuanceRequest request) {
        CertificateProfile profile = policy.profile(request.profile(), request.restrictedProfileAllowed());
        issuingCa.requireUsable();
        ApprovedCertificate approved = policy.evaluate(request.csr(), profile, request.validityDays(), request.bounds());
        issuingCa.requireValidUntil(approved.notAfter());
        return new IssuancePreview(profile.name(), approved.subject().toString(), approved.sanText(),
                KeyDescriptions.describe(approved.publicKey()), KeyDescriptions.keyUsage(approved.keyUsage()),
                approved.extendedKeyUsages().stream().map(KeyDescriptions::purpose).toList(), approved.notBefore(),
                approved.notAfter());
    }

    private IssuedCertificate decide(IssuanceRequest request) {
        ApprovedCertificate approved;
        try {
            CertificateProfile profile = policy.profile(request.profile(), request.restrictedProfileAllowed());
            issuingCa.requireUsable();
            approved = policy.evaluate(request.csr(), profile, request.validityDays(), request.bounds());
            issuingCa.requireValidUntil(approved.notAfter());
        } catch (PolicyViolationException e) {
            audit.recordAlone(request.actor(), "certificate.issue", request.profile(), Outcome.REFUSED, e.getMessage());
            throw e;
        } catch (IssuingCaUnavailableException e) {
            log.warn("issuance stopped for {}: {}", request.actor().name(), e.getMessage());
            audit.recordAlone(request.actor(), "certificate.issue", request.profile(), Outcome.FAILED, e.getMessage());
            throw e;
        }
        try {
            return SerialRetry.run(() -> transactions.execute(status -> issueApproved(approved, request)));
        } catch (SerialTakenException e) {
            throw failed(request, "no unused serial number was found; try again", e);
        } catch (LintFailedException e) {
            log.error("issuance refused by lints: {}", e.failures());
            audit.recordAlone(request.actor(), "certificate.issue", request.profile(), Outcome.FAILED,
                    "lint failure: " + e.failures());
            throw new IssuanceFailedException("the certificate failed the CA's own checks and was not issued", e);
        } catch (PolicyViolationException e) {
            audit.recordAlone(request.actor(), "certificate.issue", request.profile(), Outcome.REFUSED, e.getMessage());
            throw e;
        } catch (IssuanceRefusedException e) {
            audit.recordAlone(request.actor(), "certificate.issue", request.profile(), Outcome.REFUSED, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // an integrity error other than a taken serial lands here too: policy bounds every value
            // that reaches the store, so it is a bug, answered as a failure without its detail
            throw failed(request, "issuance failed inside the CA", e);
        }
    }

    private IssuedCertificate issueApproved(ApprovedCertificate approved, IssuanceRequest request) {
        if (request.authorization() != null) {
            request.authorization().authorize();
        }
        RecordedSigner.Signed signed = recordedSigner.sign(CertificateTemplate.endEntity(IssuerId.ISSUING,
                SerialNumbers.next(), approved.subject(), approved.publicKey(), approved.notBefore(),
                approved.notAfter(), approved.subjectAltNames(), approved.keyUsage(), approved.extendedKeyUsages()),
                approved.profile().name(), String.join(ApprovedCertificate.SAN_TEXT_SEPARATOR, approved.sanText()), request.actor());
        if (request.authorization() != null) {
            request.authorization().issued(signed.serial());
        }
        byte[] der = signed.der();
        String leaf = Pem.certificate(der);
        return new IssuedCertificate(signed.serial(), signed.subject(), approved.sanText(), approved.profile().name(),
                approved.notBefore(), approved.notAfter(), signed.fingerprint(), der, leaf,
                leaf + Pem.certificates(List.of(authorities.certificate(IssuerId.ISSUING))));
    }

    /** Records a CA certificate the service made or imported, once, so the store lists every certificate. */
    public void recordCaCertificate(X509CertificateHolder certificate, String profile) {
        String serial = Serials.hex(certificate.getSerialNumber());
        transactions.executeWithoutResult(status -> {
            if (certificates.existsBySerial(serial)) {
                return;
            }
            byte[] der = RecordedSigner.encoded(certificate);
            records.reserve(new IssuanceRecords.Reservation(serial, IssuerNameId.ofIssuer(certificate).value(),
                    certificate.getSubject().toString(),
                    null, "", profile, Actor.SYSTEM.name(), certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(), clock.instant()));
            records.complete(serial, der, Fingerprints.sha256(der));
            audit.record(Actor.SYSTEM, "ca.record", serial, Outcome.SUCCESS, profile + " " + certificate.getSubject());
        });
    }

    private IssuanceFailedException failed(IssuanceRequest request, String message, RuntimeException cause) {
        log.error("issuance failed for {}: {}", request.actor().name(), cause.toString(), cause);
        audit.recordAlone(request.actor(), "certificate.issue", request.profile(), Outcome.FAILED, message);
        return new IssuanceFailedException(message, cause);
    }
}
