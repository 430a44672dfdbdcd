package db.migration;

import dev.hallmark.storage.AuditChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Chains the audit trail (storage/AuditChain): a sequence number, previous hash and hash on every
 * event, the chain's head row whose lock serializes appends, and the events written before this
 * version chained in the order they were written. Java, not SQL, because the hash is computed the
 * same way on H2 and PostgreSQL only here.
 */
public class V10__audit_chain extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ADD COLUMN sequence_number BIGINT");
            s.execute("ALTER TABLE audit_event ADD COLUMN previous_hash VARCHAR(64)");
            s.execute("ALTER TABLE audit_event ADD COLUMN hash VARCHAR(64)");
            s.execute("CREATE TABLE audit_chain_head (id SMALLINT PRIMARY KEY, last_sequence BIGINT NOT NULL,"
                    + " last_hash VARCHAR(64) NOT NULL)");
        }
        long sequence = 0;
        String head = AuditChain.GENESIS;
        try (Statement read = c.createStatement();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE audit_event SET sequence_number = ?, previous_hash = ?, hash = ? WHERE id = ?")) {
            read.setFetchSize(500);
            try (ResultSet rs = read.executeQuery("SELECT id, occurred_at, actor, action, target, remote_address,"
                    + " outcome, detail FROM audit_event ORDER BY id")) {
                while (rs.next()) {
                    sequence++;
                    String hash = AuditChain.hash(head, sequence, rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8));
                    update.setLong(1, sequence);
                    update.setString(2, head);
                    update.setString(3, hash);
                    update.setLong(4, rs.getLong(1));
                    update.addBatch();
                    if (sequence % 500 == 0) {
                        update.executeBatch();
                    }
                    head = hash;
                }
            }
            update.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_chain_head (id, last_sequence, last_hash) VALUES (1, ?, ?)")) {
            s.setLong(1, sequence);
            s.setString(2, head);
            s.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ALTER COLUMN sequence_number SET NOT NULL");
            s.execute("ALTER TABLE audit_event ALTER COLUMN previous_hash SET NOT NULL");
            s.execute("ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL");
            s.execute("ALTER TABLE audit_event ADD CONSTRAINT uk_audit_event_sequence UNIQUE (sequence_number)");
        }
    }
}
