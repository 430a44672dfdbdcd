package dev.hallmark.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What CRLs and OCSP read from the store, in plain SQL: the status of one serial without loading
 * its DER, revoked certificates page by page (never a whole table in memory), and CRL numbers.
 */
@Repository
public class RevocationRecords {

    /** The revocation-relevant columns of one certificate. */
    public record Status(String serial, String issuer, CertificateStatus status, Instant revokedAt,
            String revocationReason) {
    }

    /** One revoked certificate as a CRL lists it. */
    public record Revoked(long id, String serial, Instant revokedAt, String revocationReason) {
    }

    private final JdbcClient jdbc;

    public RevocationRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Optional<Status> status(String serial) {
        return jdbc.sql("SELECT serial, issuer, status, revoked_at, revocation_reason FROM certificate WHERE serial = ?")
                .param(serial)
                .query((rs, n) -> new Status(rs.getString(1), rs.getString(2), CertificateStatus.valueOf(rs.getString(3)),
                        instant(rs, 4), rs.getString(5)))
                .optional();
    }

    /**
     * Calls {@code sink} for each revoked certificate of {@code issuer} that expires at or after
     * {@code notExpiredAt}, reading {@code pageSize} rows at a time in id order. Each page is its
     * own short query, so neither the database nor this process holds the whole list.
     */
    public long forEachRevoked(String issuer, Instant notExpiredAt, int pageSize, Consumer<Revoked> sink) {
        long after = 0;
        long count = 0;
        while (true) {
            List<Revoked> page = jdbc.sql("SELECT id, serial, revoked_at, revocation_reason FROM certificate"
                            + " WHERE status = 'REVOKED' AND issuer = ? AND id > ? AND not_after >= ?"
                            + " ORDER BY id FETCH FIRST ? ROWS ONLY")
                    .params(issuer, after, OffsetDateTime.ofInstant(notExpiredAt, java.time.ZoneOffset.UTC), pageSize)
                    .query((rs, n) -> new Revoked(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4)))
                    .list();
            for (Revoked r : page) {
                sink.accept(r);
            }
            count += page.size();
            if (page.size() < pageSize) {
                return count;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /** Takes the next CRL number for a CA and commits it at once, whatever happens to the CRL. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public long nextCrlNumber(String issuer) {
        int updated = jdbc.sql("UPDATE crl_number SET last_number = last_number + 1 WHERE issuer = ?").param(issuer)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("no CRL number row for issuer " + issuer);
        }
        return jdbc.sql("SELECT last_number FROM crl_number WHERE issuer = ?").param(issuer).query(Long.class).single();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
