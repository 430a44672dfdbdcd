package dev.hallmark.storage;

import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The CA certificates and, for software keys, the keys encrypted with the CA password (table
 * {@code ca_key}), where every node sharing the database finds them. Rows are only ever added: a
 * CA once stored is never replaced.
 */
@Repository
@DependsOnDatabaseInitialization
public class CaKeyRecords {

    /**
     * @param issuer the CA's role ({@code ROOT}, {@code ISSUING})
     * @param encryptedKey encrypted PKCS#8 PEM, or null when the key stays in a PKCS#11 token
     */
    public record CaKeyRow(String issuer, byte[] certificate, String encryptedKey) {

        @Override
        public String toString() {
            return "CaKeyRow[" + issuer + (encryptedKey == null ? "" : ", encrypted key") + "]";
        }
    }

    private final JdbcClient jdbc;

    public CaKeyRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public Optional<CaKeyRow> find(String issuer) {
        return jdbc.sql("SELECT issuer, certificate, encrypted_key FROM ca_key WHERE issuer = ?").param(issuer)
                .query((rs, n) -> new CaKeyRow(rs.getString(1), rs.getBytes(2), rs.getString(3))).optional();
    }

    /** True when the database holds any CA, so that a node must not make one (nor a new CA password). */
    public boolean any() {
        return jdbc.sql("SELECT COUNT(*) FROM ca_key").query(Long.class).single() > 0;
    }

    /** Adds the row; a second row for the same CA fails on the primary key. */
    public void insert(CaKeyRow row, Instant now) {
        jdbc.sql("INSERT INTO ca_key (issuer, certificate, encrypted_key, created_at) VALUES (?, ?, ?, ?)")
                .params(row.issuer(), row.certificate(), row.encryptedKey(), SqlTimes.utc(now)).update();
    }
}
