package dev.hallmark.storage;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appends audit events in plain SQL: one insert, no entity to track (reading stays with {@link AuditEventRepository}). */
@Repository
public class AuditRecords {

    private final JdbcClient jdbc;

    public AuditRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public void append(AuditEvent e) {
        jdbc.sql("INSERT INTO audit_event (occurred_at, actor, action, target, remote_address, outcome, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(SqlTimes.utc(e.occurredAt()), e.actor(), e.action(), e.target(), e.remoteAddress(),
                        e.outcome(), e.detail())
                .update();
    }
}
