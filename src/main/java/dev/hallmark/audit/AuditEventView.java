package dev.hallmark.audit;

import java.time.Instant;

public record AuditEventView(long id, Instant occurredAt, String actor, String action, String target,
        String remoteAddress, String outcome, String detail) {
}
