package dev.hallmark.storage;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Appends audit events in plain SQL: one insert, no entity to track (reading stays with {@link AuditEventRepository}).
 * Events quote what requesters sent (a refused profile name, a refusal's message), so each text is
 * cut to its column (V1__core.sql), marked as cut: an over-long value must not turn a refusal into
 * a failed insert and a 500, nor lose the event.
 */
@Repository
public class AuditRecords {

    static final int ACTOR_LENGTH = 256;
    static final int ACTION_LENGTH = 64;
    static final int TARGET_LENGTH = 256;
    static final int REMOTE_ADDRESS_LENGTH = 64;
    static final int DETAIL_LENGTH = 2000;
    private static final String CUT = "...";

    private final JdbcClient jdbc;

    public AuditRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public void append(AuditEvent e) {
        jdbc.sql("INSERT INTO audit_event (occurred_at, actor, action, target, remote_address, outcome, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(SqlTimes.utc(e.occurredAt()), fit(e.actor(), ACTOR_LENGTH), fit(e.action(), ACTION_LENGTH),
                        fit(e.target(), TARGET_LENGTH), fit(e.remoteAddress(), REMOTE_ADDRESS_LENGTH), e.outcome(),
                        fit(e.detail(), DETAIL_LENGTH))
                .update();
    }

    static String fit(String value, int length) {
        if (value == null || value.length() <= length) {
            return value;
        }
        int end = length - CUT.length();
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never half a character
        }
        return value.substring(0, end) + CUT;
    }
}
