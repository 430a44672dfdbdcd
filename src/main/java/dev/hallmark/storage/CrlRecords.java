package dev.hallmark.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Signed CRLs in the database, where every node finds them: their numbers (taken under a row lock,
 * so that one node signs at a time and numbers only grow), their bytes in parts, and the revocation
 * count each one covers. Complete and delta CRLs of a CA share the one number sequence.
 */
@Repository
public class CrlRecords {

    /** Bytes per stored part: a part is what is held in memory at once when writing or reading a CRL. */
    static final int PART_SIZE = 1 << 20;

    /**
     * A stored CRL's metadata.
     *
     * @param covers the CA's revocation count read before the CRL's rows: it lists every revocation up to it
     * @param signedBy the node that signed it
     * @param baseNumber for a delta CRL the number of the complete CRL it updates; null for a complete CRL
     */
    public record StoredCrl(long issuerId, long number, Instant thisUpdate, Instant nextUpdate, long entries,
            long derSize, String sha256, long covers, String signedBy, Long baseNumber) {

        public boolean delta() {
            return baseNumber != null;
        }
    }

    private final JdbcClient jdbc;

    public CrlRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * What a reader compares its copy with, in one query: the CA's revocations committed so far (see
     * V5__cluster.sql) and the numbers of its newest stored complete and delta CRLs (0: none).
     */
    public record Current(long revocations, long newestComplete, long newestDelta) {

        public long newest(boolean delta) {
            return delta ? newestDelta : newestComplete;
        }
    }

    public Current current(long issuerId) {
        return jdbc.sql("SELECT (SELECT last_value FROM revocation_sequence WHERE issuer_id = ?),"
                        + " (SELECT COALESCE(MAX(crl_number), 0) FROM crl WHERE issuer_id = ? AND base_number IS NULL),"
                        + " (SELECT COALESCE(MAX(crl_number), 0) FROM crl WHERE issuer_id = ? AND base_number IS NOT NULL)")
                .params(issuerId, issuerId, issuerId)
                .query((rs, n) -> new Current(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }

    /** The newest stored complete CRL of the CA, or with {@code delta} its newest delta CRL. */
    public Optional<StoredCrl> latest(long issuerId, boolean delta) {
        return jdbc.sql("SELECT issuer_id, crl_number, this_update, next_update, entries, der_size, sha256, covers, signed_by,"
                        + " base_number FROM crl WHERE issuer_id = ? AND base_number IS " + (delta ? "NOT NULL" : "NULL")
                        + " ORDER BY crl_number DESC FETCH FIRST 1 ROWS ONLY")
                .param(issuerId)
                .query((rs, n) -> new StoredCrl(rs.getLong(1), rs.getLong(2), SqlTimes.instant(rs, 3),
                        SqlTimes.instant(rs, 4), rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getLong(8),
                        rs.getString(9), rs.getObject(10, Long.class)))
                .optional();
    }

    /**
     * Locks the CA's CRL number until the transaction ends and answers the last number used: who
     * holds it is the only one signing a CRL of this CA, cluster-wide. Call it inside a transaction.
     */
    public long lockNumber(long issuerId) {
        return jdbc.sql("SELECT last_number FROM crl_number WHERE issuer_id = ? FOR UPDATE").param(issuerId)
                .query(Long.class).single();
    }

    /**
     * Stores a CRL signed under {@link #lockNumber}, with its DER from {@code der}, and moves the
     * CA's last number to it, in the caller's transaction: a CRL and its number commit together.
     */
    public void insert(StoredCrl crl, Path der) {
        try (InputStream in = Files.newInputStream(der)) {
            byte[] buffer = new byte[PART_SIZE];
            int part = 0;
            int length;
            while ((length = in.readNBytes(buffer, 0, PART_SIZE)) > 0) {
                byte[] bytes = length == PART_SIZE ? buffer : java.util.Arrays.copyOf(buffer, length);
                jdbc.sql("INSERT INTO crl_part (issuer_id, crl_number, part, bytes) VALUES (?, ?, ?, ?)")
                        .params(crl.issuerId(), crl.number(), part++, bytes).update();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signed CRL " + der, e);
        }
        jdbc.sql("INSERT INTO crl (issuer_id, crl_number, this_update, next_update, entries, der_size, sha256, covers,"
                        + " signed_by, base_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(crl.issuerId(), crl.number(), SqlTimes.utc(crl.thisUpdate()), SqlTimes.utc(crl.nextUpdate()),
                        crl.entries(), crl.derSize(), crl.sha256(), crl.covers(), crl.signedBy(), crl.baseNumber())
                .update();
        int updated = jdbc.sql("UPDATE crl_number SET last_number = ? WHERE issuer_id = ? AND last_number < ?")
                .params(crl.number(), crl.issuerId(), crl.number()).update();
        if (updated != 1) {
            throw new IllegalStateException("CRL number " + crl.number() + " of " + crl.issuerId()
                    + " is not above the last one; was the number locked?");
        }
    }

    /** Writes the stored DER of a CRL to {@code out}, one part at a time; false when it is no longer stored. */
    public boolean copyTo(long issuerId, long number, long size, OutputStream out) {
        long parts = (size + PART_SIZE - 1) / PART_SIZE;
        for (int part = 0; part < Math.max(parts, 1); part++) {
            Optional<byte[]> bytes = jdbc.sql("SELECT bytes FROM crl_part WHERE issuer_id = ? AND crl_number = ? AND part = ?")
                    .params(issuerId, number, part).query((rs, n) -> rs.getBytes(1)).optional();
            if (bytes.isEmpty()) {
                return false;
            }
            try {
                out.write(bytes.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }

    /**
     * Deletes the CA's stored complete CRLs but the newest {@code keep}, and its delta CRLs but the
     * newest {@code keep}; answers how many were deleted.
     */
    public int deleteAllButNewest(long issuerId, int keep) {
        int deleted = 0;
        for (String kind : new String[] {"IS NULL", "IS NOT NULL"}) {
            Optional<Long> oldestKept = jdbc.sql("SELECT crl_number FROM crl WHERE issuer_id = ? AND base_number " + kind
                            + " ORDER BY crl_number DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")
                    .params(issuerId, keep - 1).query(Long.class).optional();
            if (oldestKept.isPresent()) {
                jdbc.sql("DELETE FROM crl_part WHERE issuer_id = ? AND crl_number IN (SELECT crl_number FROM crl"
                                + " WHERE issuer_id = ? AND base_number " + kind + " AND crl_number < ?)")
                        .params(issuerId, issuerId, oldestKept.get()).update();
                deleted += jdbc.sql("DELETE FROM crl WHERE issuer_id = ? AND base_number " + kind + " AND crl_number < ?")
                        .params(issuerId, oldestKept.get()).update();
            }
        }
        return deleted;
    }
}
