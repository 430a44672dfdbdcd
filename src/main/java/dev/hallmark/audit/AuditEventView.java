package dev.hallmark.audit;

import dev.hallmark.storage.AuditRow;
import java.time.Instant;

/** An audit event with its place in the hash chain: {@code hash} covers it and {@code previousHash}. */
public record AuditEventView(long id, long sequence, Instant occurredAt, String actor, String action, String target,
        String remoteAddress, String outcome, String detail, String previousHash, String hash) {

    static AuditEventView of(AuditRow r) {
        return new AuditEventView(r.id(), r.sequence(), r.occurredAt(), r.actor(), r.action(), r.target(),
                r.remoteAddress(), r.outcome(), r.detail(), r.previousHash(), r.hash());
    }
}
