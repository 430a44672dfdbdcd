package dev.hallmark.revocation;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.RevocationRecords;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Revokes certificates: marks the record, audits, and tells the publishers once the change is committed. */
@Service
public class RevocationService {

    /** The profile name under which the root CA is recorded. */
    public static final String ROOT_PROFILE = "root-ca";

    private final CertificateRepository certificates;
    private final RevocationRecords records;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public RevocationService(CertificateRepository certificates, RevocationRecords records, AuditLog audit,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
        this.certificates = certificates;
        this.records = records;
        this.audit = audit;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** Revokes as an administrator: any certificate but the root. */
    public CertificateRevoked revoke(String serial, RevocationReason reason, Actor actor) {
        return revoke(serial, reason, actor, true);
    }

    /**
     * @param administrator whether the caller is an administrator: only administrators revoke a CA
     *     certificate (an intermediate, listed on the root CRL), since that ends every certificate below it
     */
    public CertificateRevoked revoke(String serial, RevocationReason reason, Actor actor, boolean administrator) {
        CertificateRevoked revoked;
        try {
            revoked = transactions.execute(status -> {
                CertificateRecord record = certificates.findBySerial(serial).orElseThrow(() ->
                        new RevocationException(RevocationException.Reason.NOT_FOUND, "no certificate with serial " + serial));
                if (record.status() == CertificateStatus.REVOKED) {
                    throw new RevocationException(RevocationException.Reason.ALREADY_REVOKED, "certificate " + serial
                            + " was already revoked at " + record.revokedAt() + " (" + record.revocationReason() + ")");
                }
                if (ROOT_PROFILE.equals(record.profile())) {
                    throw new RevocationException(RevocationException.Reason.INVALID,
                            "the root CA cannot be revoked; distrust it by removing it from trust stores");
                }
                if (!administrator && "ROOT".equals(record.issuer())) {
                    throw new RevocationException(RevocationException.Reason.FORBIDDEN,
                            "certificate " + serial + " is a CA certificate; only an administrator may revoke it");
                }
                Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                record.revoke(now, reason.name());
                // the CRL's own row, in the same transaction: CRLs read only these
                records.recordRevocation(record.issuer(), serial, now, reason.code(), record.notAfter());
                audit.record(actor, "certificate.revoke", serial, Outcome.SUCCESS, "reason=" + reason.name());
                return new CertificateRevoked(serial, record.issuer(), now, reason);
            });
        } catch (RevocationException e) {
            audit.recordAlone(actor, "certificate.revoke", serial, Outcome.REFUSED, e.getMessage());
            throw e;
        }
        events.publishEvent(revoked);
        return revoked;
    }
}
