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
     * @param issuerId the CA's issuer NameID (signing/IssuerNameId), derived from its certificate
     * @param role the CA's part in the hierarchy ({@code ROOT}, {@code ISSUING})
     * @param encryptedKey encrypted PKCS#8 PEM, or null when the key stays in a PKCS#11 token
     */
    public record CaKeyRow(long issuerId, String role, byte[] certificate, String encryptedKey) {

        @Override
        public String toString() {
            return "CaKeyRow[" + role + " " + issuerId + (encryptedKey == null ? "" : ", encrypted key") + "]";
        }
    }

    private final JdbcClient jdbc;

    public CaKeyRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** The CA of the role; of several (none yet: a rollover would add one), the newest. */
    public Optional<CaKeyRow> find(String role) {
        return jdbc.sql("SELECT issuer_id, role, certificate, encrypted_key FROM ca_key WHERE role = ?"
                        + " ORDER BY created_at DESC, issuer_id FETCH FIRST 1 ROWS ONLY")
                .param(role)
                .query((rs, n) -> new CaKeyRow(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getString(4)))
                .optional();
    }

    /** True when the database holds any CA, so that a node must not make one (nor a new CA password). */
    public boolean any() {
        return jdbc.sql("SELECT COUNT(*) FROM ca_key").query(Long.class).single() > 0;
    }

    /**
     * Adds the row, and the CA's CRL number and revocation sequence unless it has them (V13 gave
     * them to the CA of rows older than the table): a CA can sign and revoke from the moment it is
     * recorded. A second row for the same CA fails on the primary key.
     */
    public void insert(CaKeyRow row, Instant now) {
        jdbc.sql("INSERT INTO ca_key (issuer_id, role, certificate, encrypted_key, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(row.issuerId(), row.role(), row.certificate(), row.encryptedKey(), SqlTimes.utc(now)).update();
        jdbc.sql("INSERT INTO crl_number (issuer_id, last_number) SELECT ?, 0"
                        + " WHERE NOT EXISTS (SELECT 1 FROM crl_number WHERE issuer_id = ?)")
                .params(row.issuerId(), row.issuerId()).update();
        jdbc.sql("INSERT INTO revocation_sequence (issuer_id, last_value) SELECT ?, 0"
                        + " WHERE NOT EXISTS (SELECT 1 FROM revocation_sequence WHERE issuer_id = ?)")
                .params(row.issuerId(), row.issuerId()).update();
    }
}
