package dev.hallmark.revocation;

import dev.hallmark.admin.Caller;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.storage.Administrator;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.RevocationRecords;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Revokes certificates: decides whether the caller may ({@link RevocationPolicy}), marks the record,
 * audits, and tells the publishers once the change is committed.
 */
@Service
public class RevocationService {

    /** The profile name under which the root CA is recorded. */
    public static final String ROOT_PROFILE = "root-ca";
    private static final int LOCK_ATTEMPTS = 3;

    private final CertificateRepository certificates;
    private final RevocationRecords records;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final RevocationPolicy policy;
    private final CertificateAuthorities authorities;
    private final Clock clock;

    RevocationService(CertificateRepository certificates, RevocationRecords records, AuditLog audit,
            TransactionTemplate transactions, ApplicationEventPublisher events, RevocationPolicy policy,
            CertificateAuthorities authorities, Clock clock) {
        this.certificates = certificates;
        this.records = records;
        this.audit = audit;
        this.transactions = transactions;
        this.events = events;
        this.policy = policy;
        this.authorities = authorities;
        this.clock = clock;
    }

    /**
     * Revokes the certificate if the caller may (see {@link RevocationPolicy}); a refusal is audited
     * and thrown as a {@link RevocationException} that says why.
     *
     * @param caller who asks, with the administrator role the front end established
     */
    public CertificateRevoked revoke(String serial, RevocationReason reason, Caller caller) {
        CertificateRevoked revoked;
        try {
            revoked = revokeWithRetry(serial, reason, caller);
        } catch (RevocationException e) {
            audit.recordAlone(caller.actor(), "certificate.revoke", serial, Outcome.REFUSED, e.getMessage());
            throw e;
        }
        events.publishEvent(revoked);
        return revoked;
    }

    /** A revocation of an ADMIN's certificate may wait for another's lock; H2 gives up after its lock timeout. */
    private CertificateRevoked revokeWithRetry(String serial, RevocationReason reason, Caller caller) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> revokeInTransaction(serial, reason, caller));
            } catch (PessimisticLockingFailureException e) {
                if (attempt == LOCK_ATTEMPTS) {
                    throw new RevocationException(RevocationException.Reason.BUSY, "the administrators are being"
                            + " changed by another request; try again");
                }
            }
        }
    }

    private CertificateRevoked revokeInTransaction(String serial, RevocationReason reason, Caller caller) {
        Optional<Administrator> holder = policy.holderLocked(serial);
        CertificateRecord record = certificates.findBySerial(serial).orElseThrow(() ->
                new RevocationException(RevocationException.Reason.NOT_FOUND, "no certificate with serial " + serial));
        if (record.status() == CertificateStatus.REVOKED) {
            throw new RevocationException(RevocationException.Reason.ALREADY_REVOKED, "certificate " + serial
                    + " was already revoked at " + record.revokedAt() + " (" + record.revocationReason() + ")");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        policy.check(record, holder, caller, now);
        record.revoke(now, reason.name());
        audit.record(caller.actor(), "certificate.revoke", serial, Outcome.SUCCESS, "reason=" + reason.name()
                + holder.map(a -> " administrator=" + a.name() + " role=" + a.role()).orElse(""));
        // the CRL's own row, in the same transaction: CRLs read only these. Last, as it numbers the
        // revocation under a lock that other revocations of this CA wait for until the commit
        records.recordRevocation(record.issuerId(), serial, now, reason.code(), record.notAfter());
        return new CertificateRevoked(serial, authorities.role(record.issuerId()).orElseThrow(() ->
                new IllegalStateException("certificate " + serial + " names issuer " + record.issuerId()
                        + ", not a CA of this service")), now, reason);
    }
}
