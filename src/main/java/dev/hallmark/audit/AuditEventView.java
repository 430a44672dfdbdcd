package dev.hallmark.audit;

import dev.hallmark.storage.AuditRow;
import java.time.Instant;

/**
 * An audit event with its place in the hash chain: {@code hash} covers it and {@code previousHash}. The three are
 * null for an event committed and not chained yet (audit/AuditSequencer chains it within a second).
 */
public record AuditEventView(long id, Long sequence, Instant occurredAt, String actor, String action, String target,
        String remoteAddress, String outcome, String detail, String previousHash, String hash) {

    static AuditEventView of(AuditRow r) {
        return new AuditEventView(r.id(), r.sequence(), r.occurredAt(), r.actor(), r.action(), r.target(),
                r.remoteAddress(), r.outcome(), r.detail(), r.previousHash(), r.hash());
    }
}
