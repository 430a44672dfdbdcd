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
    public record Status(String serial, long issuerId, CertificateStatus status, Instant revokedAt,
            String revocationReason) {
    }

    /** One revoked certificate as a CRL lists it; reasonCode is the RFC 5280 CRLReason (0: unspecified). */
    public record Revoked(long id, String serial, Instant revokedAt, int reasonCode, Instant notAfter, long issuerId) {
    }

    private final JdbcClient jdbc;

    public RevocationRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** One indexed read; no transaction around it, as OCSP asks this on its hot path. */
    public Optional<Status> status(String serial) {
        return jdbc.sql("SELECT serial, issuer_id, status, revoked_at, revocation_reason FROM certificate WHERE serial = ?")
                .param(serial)
                .query((rs, n) -> new Status(rs.getString(1), rs.getLong(2), CertificateStatus.valueOf(rs.getString(3)),
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
    public long recordRevocation(long issuerId, String serial, Instant revokedAt, int reasonCode, Instant notAfter) {
        int updated = jdbc.sql("UPDATE revocation_sequence SET last_value = last_value + 1 WHERE issuer_id = ?")
                .param(issuerId).update();
        if (updated != 1) {
            throw new IllegalStateException("no revocation sequence for issuer " + issuerId);
        }
        long number = jdbc.sql("SELECT last_value FROM revocation_sequence WHERE issuer_id = ?").param(issuerId)
                .query(Long.class).single();
        jdbc.sql("INSERT INTO revoked_certificate (issuer_id, serial, revoked_at, reason_code, not_after, revocation_number)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(issuerId, serial, SqlTimes.utc(revokedAt), reasonCode, SqlTimes.utc(notAfter), number)
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
    public int deleteListedAfterExpiry(long issuerId, Instant crlThisUpdate, long covers) {
        return jdbc.sql("DELETE FROM revoked_certificate WHERE issuer_id = ? AND not_after < ? AND revocation_number <= ?")
                .params(issuerId, SqlTimes.utc(crlThisUpdate), covers).update();
    }

    /** The CA's revocations committed so far: the last number of its sequence. */
    public long revocationCount(long issuerId) {
        return jdbc.sql("SELECT last_value FROM revocation_sequence WHERE issuer_id = ?").param(issuerId).query(Long.class)
                .single();
    }

    /** Serials of the CA's revocations numbered above {@code after} and at most {@code upTo}, at most {@code limit}. */
    public List<String> revokedBetween(long issuerId, long after, long upTo, int limit) {
        return jdbc.sql("SELECT serial FROM revoked_certificate WHERE issuer_id = ? AND revocation_number > ?"
                        + " AND revocation_number <= ? ORDER BY revocation_number FETCH FIRST ? ROWS ONLY")
                .params(issuerId, after, upTo, limit).query(String.class).list();
    }

    /**
     * Calls {@code sink} for each revocation of the CA numbered above {@code after}, in
     * number order, {@code pageSize} rows per query: what a delta CRL lists, read through the
     * (issuer_id, revocation_number) index, so its cost follows the revocations since the complete CRL,
     * not the size of the table.
     */
    public long forEachRevokedAfter(long issuerId, long after, int pageSize, Consumer<Revoked> sink) {
        long[] last = {after};
        long count = 0;
        while (true) {
            List<Revoked> page = jdbc.sql("SELECT id, serial, revoked_at, reason_code, not_after, issuer_id, revocation_number"
                            + " FROM revoked_certificate WHERE issuer_id = ? AND revocation_number > ?"
                            + " ORDER BY revocation_number FETCH FIRST ? ROWS ONLY")
                    .params(issuerId, last[0], pageSize).query((rs, n) -> {
                        last[0] = rs.getLong(7);
                        return new Revoked(rs.getLong(1), rs.getString(2), SqlTimes.instant(rs, 3), rs.getInt(4),
                                SqlTimes.instant(rs, 5), rs.getLong(6));
                    }).list();
            page.forEach(sink);
            count += page.size();
            if (page.size() < pageSize) {
                return count;
            }
        }
    }

    /**
     * Calls {@code sink} for each revoked certificate of the CA that expires at or after
     * {@code notExpiredAt}, reading {@code pageSize} rows per query in key order (keyset paging),
     * so neither the database nor this process ever holds the whole list, and no long-running read
     * stays open against concurrent revocations. The CA that owns nearly every row (the issuing
     * CA: {@code ownsMostRows}) walks the primary key (twice as fast in H2 as going through a
     * secondary index) and skips the others' few rows; the root's CRL, a handful of intermediates,
     * uses the (issuer_id, id) index.
     *
     * <p>Measured and dropped: reading the wide certificate table (its rows carry the DER), one
     * streaming query (H2 first copies the whole result to a temporary file; with lazy execution it
     * failed under background compaction, "Chunk not found").
     */
    public long forEachRevoked(long issuerId, boolean ownsMostRows, Instant notExpiredAt, int pageSize,
            Consumer<Revoked> sink) {
        String query = ownsMostRows
                ? "SELECT id, serial, revoked_at, reason_code, not_after, issuer_id FROM revoked_certificate"
                        + " WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY"
                : "SELECT id, serial, revoked_at, reason_code, not_after, issuer_id FROM revoked_certificate"
                        + " WHERE issuer_id = ? AND id > ? ORDER BY issuer_id, id FETCH FIRST ? ROWS ONLY";
        long after = -1;
        long count = 0;
        while (true) {
            var statement = jdbc.sql(query);
            statement = ownsMostRows ? statement.params(after, pageSize) : statement.params(issuerId, after, pageSize);
            List<Revoked> page = statement.query((rs, n) -> new Revoked(rs.getLong(1), rs.getString(2),
                    SqlTimes.instant(rs, 3), rs.getInt(4), SqlTimes.instant(rs, 5), rs.getLong(6))).list();
            for (Revoked r : page) {
                if (r.issuerId() == issuerId && !r.notAfter().isBefore(notExpiredAt)) {
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
