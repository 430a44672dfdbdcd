package dev.hallmark.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Signed audit checkpoints (V12__audit_checkpoint.sql): only added, listed newest first. */
@Repository
public class AuditCheckpointRecords {

    /** A stored checkpoint; {@code signedData} is the CMS SignedData, DER. */
    public record CheckpointRow(long id, long sequence, String headHash, Instant createdAt, String createdBy,
            byte[] signedData) {
    }

    private static final String SELECT = "SELECT id, sequence_number, head_hash, created_at, created_by, signed_data"
            + " FROM audit_checkpoint";

    private final JdbcClient jdbc;

    public AuditCheckpointRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Stores the checkpoint and answers it with its id. */
    public CheckpointRow insert(long sequence, String headHash, Instant createdAt, String createdBy, byte[] signedData) {
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO audit_checkpoint (sequence_number, head_hash, created_at, created_by, signed_data)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(sequence, headHash, SqlTimes.utc(createdAt), createdBy, signedData).update(id, "id");
        return new CheckpointRow(id.getKey().longValue(), sequence, headHash, createdAt, createdBy, signedData);
    }

    public Optional<CheckpointRow> latest() {
        return jdbc.sql(SELECT + " ORDER BY id DESC LIMIT 1").query((rs, n) -> row(rs)).optional();
    }

    public List<CheckpointRow> page(int page, int size) {
        return jdbc.sql(SELECT + " ORDER BY id DESC LIMIT ? OFFSET ?").params(size, (long) page * size)
                .query((rs, n) -> row(rs)).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint").query(Long.class).single();
    }

    private static CheckpointRow row(ResultSet rs) throws SQLException {
        return new CheckpointRow(rs.getLong(1), rs.getLong(2), rs.getString(3), SqlTimes.instant(rs, 4),
                rs.getString(5), rs.getBytes(6));
    }
}
