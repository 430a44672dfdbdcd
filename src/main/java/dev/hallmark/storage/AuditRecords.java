package dev.hallmark.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Appends audit events in plain SQL: no entity to track (the search reads with {@link AuditEventRepository}).
 * Events quote what requesters sent (a refused profile name, a refusal's message), so each text is
 * cut to its column (V1__core.sql), marked as cut: an over-long value must not turn a refusal into
 * a failed insert and a 500, nor lose the event.
 *
 * <p>An event is written in its caller's transaction unchained, and chained ({@link AuditChain}) just
 * after that commits, by {@link #chainPending}: a batch of committed events at a time takes the next
 * sequence numbers under the row lock on {@code audit_chain_head}, so on any number of nodes the
 * sequence has no gap and no two events claim the same predecessor. Chaining in the caller's
 * transaction held that lock through the caller's commit, and every issuance of every node queued
 * behind one disk flush at a time (bench/CLUSTER-RESULTS.md); now commits flush together and one
 * flush chains a batch.
 */
@Repository
public class AuditRecords {

    static final int ACTOR_LENGTH = 256;
    static final int ACTION_LENGTH = 64;
    static final int TARGET_LENGTH = 256;
    static final int REMOTE_ADDRESS_LENGTH = 64;
    static final int DETAIL_LENGTH = 2000;
    private static final String CUT = "...";
    /** Rows fetched at a time when the whole trail is read, so that its size is bounded by disk, not heap. */
    private static final int FETCH_SIZE = 500;
    private static final String SELECT_ROWS = "SELECT id, sequence_number, occurred_at, actor, action, target,"
            + " remote_address, outcome, detail, previous_hash, hash FROM audit_event";

    /** The newest event's place in the chain; sequence 0 and {@link AuditChain#GENESIS} before the first. */
    public record Head(long sequence, String hash) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;

    public AuditRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(FETCH_SIZE);
    }

    /** Writes the event, not chained yet, in the caller's transaction. */
    public void append(AuditEvent e) {
        jdbc.sql("INSERT INTO audit_event (occurred_at, actor, action, target, remote_address, outcome, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(SqlTimes.utc(AuditChain.stored(e.occurredAt())), fit(e.actor(), ACTOR_LENGTH),
                        fit(e.action(), ACTION_LENGTH), fit(e.target(), TARGET_LENGTH),
                        fit(e.remoteAddress(), REMOTE_ADDRESS_LENGTH), e.outcome(), fit(e.detail(), DETAIL_LENGTH))
                .update();
    }

    /**
     * Chains up to {@code limit} committed events that are not chained yet, in the order they were written, after
     * the head; returns how many. Must run in a transaction of its own, which holds the chain's lock to its end.
     */
    public int chainPending(int limit) {
        // the locking read waits for another chainer and then sees what its commit left
        Head head = jdbc.sql("SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
        List<AuditRow> pending = jdbc.sql(SELECT_ROWS + " WHERE sequence_number IS NULL ORDER BY id LIMIT ?")
                .params(limit).query((rs, n) -> row(rs)).list();
        if (pending.isEmpty()) {
            return 0;
        }
        List<Object[]> chained = new ArrayList<>(pending.size());
        long sequence = head.sequence();
        String hash = head.hash();
        for (AuditRow e : pending) {
            sequence++;
            String previous = hash;
            hash = AuditChain.hash(previous, sequence, e.occurredAt(), e.actor(), e.action(), e.target(),
                    e.remoteAddress(), e.outcome(), e.detail());
            chained.add(new Object[] {sequence, previous, hash, e.id()});
        }
        streaming.batchUpdate("UPDATE audit_event SET sequence_number = ?, previous_hash = ?, hash = ? WHERE id = ?",
                chained);
        jdbc.sql("UPDATE audit_chain_head SET last_sequence = ?, last_hash = ? WHERE id = 1").params(sequence, hash)
                .update();
        return pending.size();
    }

    /** Events written and not chained yet. */
    public long pending() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE sequence_number IS NULL").query(Long.class).single();
    }

    public Head head() {
        return jdbc.sql("SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
    }

    /**
     * Hands every event after {@code afterSequence} to {@code each}, in chain order, a batch of rows at
     * a time. Run it in a (read-only) transaction: PostgreSQL fetches in batches only inside one.
     */
    public void forEachInOrder(long afterSequence, Consumer<AuditRow> each) {
        streaming.query(SELECT_ROWS + " WHERE sequence_number > ? ORDER BY sequence_number",
                (RowCallbackHandler) rs -> each.accept(row(rs)), afterSequence);
    }

    /**
     * Hands the events after {@code afterSequence} up to {@code upTo} to {@code each}, in chain order,
     * read in keyset pages of {@code pageSize} rows, each in a short query of its own: neither the
     * trail nor a transaction spans the walk, however long {@code each} takes.
     */
    public void forEachInPages(long afterSequence, long upTo, int pageSize, Consumer<AuditRow> each) {
        long last = afterSequence;
        while (last < upTo) {
            List<AuditRow> page = jdbc.sql(SELECT_ROWS + " WHERE sequence_number > ? AND sequence_number <= ?"
                            + " ORDER BY sequence_number LIMIT ?")
                    .params(last, upTo, pageSize).query((rs, n) -> row(rs)).list();
            for (AuditRow row : page) {
                each.accept(row);
                last = row.sequence();
            }
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    private static AuditRow row(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong(1), rs.getLong(2), SqlTimes.instant(rs, 3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
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
