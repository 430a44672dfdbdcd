package dev.hallmark.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What CRLs and OCSP read from the store, in plain SQL: the status of one serial without loading
 * its DER, revoked certificates page by page (never a whole table in memory), and the revocation sequence.
 */
@Repository
public class RevocationRecords {

    /** The revocation-relevant columns of one certificate. */
    public record Status(String serial, String issuer, CertificateStatus status, Instant revokedAt,
            String revocationReason) {
    }

    /** One revoked certificate as a CRL lists it; reasonCode is the RFC 5280 CRLReason (0: unspecified). */
    public record Revoked(long id, String serial, Instant revokedAt, int reasonCode, Instant notAfter, String issuer) {
    }

    private final JdbcClient jdbc;

    public RevocationRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** One indexed read; no transaction around it, as OCSP asks this on its hot path. */
    public Optional<Status> status(String serial) {
        return jdbc.sql("SELECT serial, issuer, status, revoked_at, revocation_reason FROM certificate WHERE serial = ?")
                .param(serial)
                .query((rs, n) -> new Status(rs.getString(1), rs.getString(2), CertificateStatus.valueOf(rs.getString(3)),
                        SqlTimes.instant(rs, 4), rs.getString(5)))
                .optional();
    }

    /**
     * Adds the CRL row of a revocation, numbered by the CA's revocation sequence; call it in the
     * transaction that marks the certificate revoked, so the two never disagree. The sequence row
     * stays locked until that transaction ends, so numbers are given in commit order, without gaps
     * (V5__cluster.sql): call it last before the commit, as revocations of one CA wait for it.
     *
     * @return the revocation's number
     */
    public long recordRevocation(String issuer, String serial, Instant revokedAt, int reasonCode, Instant notAfter) {
        int updated = jdbc.sql("UPDATE revocation_sequence SET last_value = last_value + 1 WHERE issuer = ?")
                .param(issuer).update();
        if (updated != 1) {
            throw new IllegalStateException("no revocation sequence for issuer " + issuer);
        }
        long number = jdbc.sql("SELECT last_value FROM revocation_sequence WHERE issuer = ?").param(issuer)
                .query(Long.class).single();
        jdbc.sql("INSERT INTO revoked_certificate (issuer, serial, revoked_at, reason_code, not_after, revocation_number)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(issuer, serial, SqlTimes.utc(revokedAt), reasonCode, SqlTimes.utc(notAfter), number)
                .update();
        return number;
    }

    /**
     * Deletes the CRL rows of the CA's certificates that expired before {@code crlThisUpdate}, the
     * thisUpdate of a stored complete CRL that covers revocation count {@code covers}, among the
     * revocations it covers: that CRL, issued after their expiry, listed them (RFC 5280 section 3.3),
     * or they had expired so long before it that no CRL lists them again. The certificate rows keep
     * their status; OCSP and the inventory read those.
     *
     * @return how many rows were deleted
     */
    public int deleteListedAfterExpiry(String issuer, Instant crlThisUpdate, long covers) {
        return jdbc.sql("DELETE FROM revoked_certificate WHERE issuer = ? AND not_after < ? AND revocation_number <= ?")
                .params(issuer, SqlTimes.utc(crlThisUpdate), covers).update();
    }

    /** The CA's revocations committed so far: the last number of its sequence. */
    public long revocationCount(String issuer) {
        return jdbc.sql("SELECT last_value FROM revocation_sequence WHERE issuer = ?").param(issuer).query(Long.class)
                .single();
    }

    /** Serials of the CA's revocations numbered above {@code after} and at most {@code upTo}, at most {@code limit}. */
    public List<String> revokedBetween(String issuer, long after, long upTo, int limit) {
        return jdbc.sql("SELECT serial FROM revoked_certificate WHERE issuer = ? AND revocation_number > ?"
                        + " AND revocation_number <= ? ORDER BY revocation_number FETCH FIRST ? ROWS ONLY")
                .params(issuer, after, upTo, limit).query(String.class).list();
    }

    /**
     * Calls {@code sink} for each revocation of {@code issuer} numbered above {@code after}, in
     * number order, {@code pageSize} rows per query: what a delta CRL lists, read through the
     * (issuer, revocation_number) index, so its cost follows the revocations since the complete CRL,
     * not the size of the table.
     */
    public long forEachRevokedAfter(String issuer, long after, int pageSize, Consumer<Revoked> sink) {
        long[] last = {after};
        long count = 0;
        while (true) {
            List<Revoked> page = jdbc.sql("SELECT id, serial, revoked_at, reason_code, not_after, issuer, revocation_number"
                            + " FROM revoked_certificate WHERE issuer = ? AND revocation_number > ?"
                            + " ORDER BY revocation_number FETCH FIRST ? ROWS ONLY")
                    .params(issuer, last[0], pageSize).query((rs, n) -> {
                        last[0] = rs.getLong(7);
                        return new Revoked(rs.getLong(1), rs.getString(2), SqlTimes.instant(rs, 3), rs.getInt(4),
                                SqlTimes.instant(rs, 5), rs.getString(6));
                    }).list();
            page.forEach(sink);
            count += page.size();
            if (page.size() < pageSize) {
                return count;
            }
        }
    }

    /**
     * Calls {@code sink} for each revoked certificate of {@code issuer} that expires at or after
     * {@code notExpiredAt}, reading {@code pageSize} rows per query in key order (keyset paging),
     * so neither the database nor this process ever holds the whole list, and no long-running read
     * stays open against concurrent revocations. The issuing CA owns nearly every row, so its CRL
     * walks the primary key (twice as fast in H2 as going through a secondary index) and skips the
     * few root rows; the root's CRL, a handful of intermediates, uses the (issuer, id) index.
     *
     * <p>Measured and dropped: reading the wide certificate table (its rows carry the DER), one
     * streaming query (H2 first copies the whole result to a temporary file; with lazy execution it
     * failed under background compaction, "Chunk not found").
     */
    public long forEachRevoked(String issuer, Instant notExpiredAt, int pageSize, Consumer<Revoked> sink) {
        boolean byPrimaryKey = !"ROOT".equals(issuer);
        String query = byPrimaryKey
                ? "SELECT id, serial, revoked_at, reason_code, not_after, issuer FROM revoked_certificate"
                        + " WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY"
                : "SELECT id, serial, revoked_at, reason_code, not_after, issuer FROM revoked_certificate"
                        + " WHERE issuer = ? AND id > ? ORDER BY issuer, id FETCH FIRST ? ROWS ONLY";
        long after = -1;
        long count = 0;
        while (true) {
            var statement = jdbc.sql(query);
            statement = byPrimaryKey ? statement.params(after, pageSize) : statement.params(issuer, after, pageSize);
            List<Revoked> page = statement.query((rs, n) -> new Revoked(rs.getLong(1), rs.getString(2),
                    SqlTimes.instant(rs, 3), rs.getInt(4), SqlTimes.instant(rs, 5), rs.getString(6))).list();
            for (Revoked r : page) {
                if (r.issuer().equals(issuer) && !r.notAfter().isBefore(notExpiredAt)) {
                    sink.accept(r);
                    count++;
                }
            }
            if (page.size() < pageSize) {
                return count;
            }
            after = page.get(page.size() - 1).id();
        }
    }
}
