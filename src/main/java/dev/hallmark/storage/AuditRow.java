package dev.hallmark.storage;

import java.time.Instant;

/** An audit event as stored, with its place in the hash chain ({@link AuditChain}). */
public record AuditRow(long id, long sequence, Instant occurredAt, String actor, String action, String target,
        String remoteAddress, String outcome, String detail, String previousHash, String hash) {
}
