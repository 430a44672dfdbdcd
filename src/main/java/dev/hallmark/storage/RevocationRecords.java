package dev.hallmark.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    private final JdbcTemplate template;

    public RevocationRecords(DataSource dataSource) {
        this.template = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(template);
    }

    /** One indexed read; no transaction around it, as OCSP asks this on its hot path. */
    public Optional<Status> status(String serial) {
        return jdbc.sql("SELECT serial, issuer, status, revoked_at, revocation_reason FROM certificate WHERE serial = ?")
                .param(serial)
                .query((rs, n) -> new Status(rs.getString(1), rs.getString(2), CertificateStatus.valueOf(rs.getString(3)),
                        instant(rs, 4), rs.getString(5)))
                .optional();
    }

    /**
     * Calls {@code sink} for each revoked certificate of {@code issuer} that expires at or after
     * {@code notExpiredAt}, in one forward-only query read {@code fetchSize} rows at a time, so
     * neither the database nor this process holds the whole list: PostgreSQL streams through a
     * cursor inside the read-only transaction, H2 when its session runs queries lazily (otherwise
     * it first copies a large result to a temporary file, which made a 100,000-entry CRL ten times
     * slower). Keyset paging was tried first and dropped: H2 re-sorted the remaining rows per page.
     */
    @Transactional(readOnly = true)
    public long forEachRevoked(String issuer, Instant notExpiredAt, int fetchSize, Consumer<Revoked> sink) {
        Long count = template.execute((ConnectionCallback<Long>) connection -> {
            boolean h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
            if (h2) {
                setLazy(connection, true);
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT id, serial, revoked_at, revocation_reason"
                    + " FROM certificate WHERE status = 'REVOKED' AND issuer = ? AND not_after >= ?",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                query.setFetchSize(fetchSize);
                query.setString(1, issuer);
                query.setObject(2, OffsetDateTime.ofInstant(notExpiredAt, ZoneOffset.UTC));
                long n = 0;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new Revoked(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4)));
                        n++;
                    }
                }
                return n;
            } finally {
                if (h2) {
                    setLazy(connection, false); // the connection goes back to the pool
                }
            }
        });
        return count == null ? 0 : count;
    }

    private static void setLazy(Connection connection, boolean lazy) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LAZY_QUERY_EXECUTION " + lazy);
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
