package db.migration;

import dev.hallmark.signing.IssuerNameId;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.cert.X509CertificateHolder;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Names each CA in the database by its issuer NameID (signing/IssuerNameId, Boulder's: derived from
 * the CA certificate's subject) instead of its role's name ('ROOT', 'ISSUING'): every {@code issuer}
 * column becomes {@code issuer_id BIGINT}, and {@code ca_key} keeps the role in a column of its own,
 * so that a second issuing CA (a rollover) is rows, not a schema change. Java, not SQL, because the
 * id is a hash of a name inside a certificate's DER.
 *
 * <p>The id of each role is read from the CA certificates: {@code ca_key}, else the certificates
 * the role issued (their issuer name), else the issuing CA's own record (its subject). A role with
 * none of them has made nothing yet: its counters (still 0) are removed, and recording the CA makes
 * them anew (storage/CaKeyRecords). A role with other rows but no certificate to name it stops the
 * migration before it changes anything.
 */
public class V13__issuer_name_id extends BaseJavaMigration {

    private static final List<String> ROLES = List.of("ROOT", "ISSUING");
    private static final List<String> TABLES = List.of("certificate", "revoked_certificate", "crl_number",
            "revocation_sequence", "crl", "crl_part", "ca_key");
    /** Indexes over the old column; made again over issuer_id below. */
    private static final List<String> INDEXES = List.of("ix_certificate_status", "ix_revoked_certificate_issuer",
            "ix_revoked_certificate_number", "ix_crl_kind");

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        Map<String, Long> ids = roleIds(c);
        // before any DDL, which H2 commits at once
        refuseRowsOfAnUnknownCa(c, ids);
        try (Statement s = c.createStatement()) {
            for (String index : INDEXES) {
                s.execute("DROP INDEX " + index);
            }
            for (String table : List.of("crl_number", "revocation_sequence", "crl", "crl_part", "ca_key")) {
                s.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + quoted(primaryKey(c, table)));
            }
            s.execute("ALTER TABLE ca_key ADD COLUMN role VARCHAR(16)");
            s.execute("UPDATE ca_key SET role = issuer");
            for (String table : TABLES) {
                s.execute("ALTER TABLE " + table + " ADD COLUMN issuer_id BIGINT");
            }
        }
        for (String role : ROLES) {
            for (String table : TABLES) {
                if (ids.containsKey(role)) {
                    update(c, "UPDATE " + table + " SET issuer_id = ? WHERE issuer = ?", ids.get(role), role);
                } else {
                    update(c, "DELETE FROM " + table + " WHERE issuer = ?", null, role);
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("ALTER TABLE " + table + " DROP COLUMN issuer");
                s.execute("ALTER TABLE " + table + " ALTER COLUMN issuer_id SET NOT NULL");
            }
            s.execute("ALTER TABLE ca_key ALTER COLUMN role SET NOT NULL");
            s.execute("ALTER TABLE crl_number ADD CONSTRAINT pk_crl_number PRIMARY KEY (issuer_id)");
            s.execute("ALTER TABLE revocation_sequence ADD CONSTRAINT pk_revocation_sequence PRIMARY KEY (issuer_id)");
            s.execute("ALTER TABLE crl ADD CONSTRAINT pk_crl PRIMARY KEY (issuer_id, crl_number)");
            s.execute("ALTER TABLE crl_part ADD CONSTRAINT pk_crl_part PRIMARY KEY (issuer_id, crl_number, part)");
            s.execute("ALTER TABLE ca_key ADD CONSTRAINT pk_ca_key PRIMARY KEY (issuer_id)");
            s.execute("CREATE INDEX ix_ca_key_role ON ca_key (role, created_at)");
            s.execute("CREATE INDEX ix_certificate_status ON certificate (status, issuer_id)");
            s.execute("CREATE INDEX ix_revoked_certificate_issuer ON revoked_certificate (issuer_id, id)");
            s.execute("CREATE INDEX ix_revoked_certificate_number ON revoked_certificate (issuer_id, revocation_number)");
            s.execute("CREATE INDEX ix_crl_kind ON crl (issuer_id, base_number, crl_number)");
        }
    }

    /**
     * A role without an id may have only its counters, at 0 (seeded by V2 and V5 before any CA
     * existed); anything else of it would be lost, so the migration stops instead.
     */
    private static void refuseRowsOfAnUnknownCa(Connection c, Map<String, Long> ids) throws SQLException {
        for (String role : ROLES) {
            if (ids.containsKey(role)) {
                continue;
            }
            for (String table : TABLES) {
                String sql = "SELECT COUNT(*) FROM " + table + " WHERE issuer = ?"
                        + (table.equals("crl_number") ? " AND last_number <> 0"
                        : table.equals("revocation_sequence") ? " AND last_value <> 0" : "");
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setString(1, role);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            throw new IllegalStateException("table " + table + " has rows of the " + role
                                    + " CA, but no CA certificate in the database says which CA that is;"
                                    + " nothing was changed");
                        }
                    }
                }
            }
        }
    }

    /** Each role's id, where a CA certificate in the database gives it. */
    private static Map<String, Long> roleIds(Connection c) throws SQLException, IOException {
        Map<String, Long> ids = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT issuer, certificate FROM ca_key")) {
            while (rs.next()) {
                ids.put(rs.getString(1), IssuerNameId.ofSubject(new X509CertificateHolder(rs.getBytes(2))).value());
            }
        }
        for (String role : ROLES) {
            if (!ids.containsKey(role)) {
                byte[] issued = firstDer(c, "SELECT der FROM certificate WHERE issuer = ? AND der IS NOT NULL ORDER BY id"
                        + " FETCH FIRST 1 ROWS ONLY", role);
                if (issued != null) {
                    ids.put(role, IssuerNameId.ofIssuer(new X509CertificateHolder(issued)).value());
                }
            }
        }
        if (!ids.containsKey("ISSUING")) {
            byte[] issuing = firstDer(c, "SELECT der FROM certificate WHERE profile = ? AND der IS NOT NULL ORDER BY id"
                    + " FETCH FIRST 1 ROWS ONLY", "issuing-ca");
            if (issuing != null) {
                ids.put("ISSUING", IssuerNameId.ofSubject(new X509CertificateHolder(issuing)).value());
            }
        }
        return ids;
    }

    private static byte[] firstDer(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, parameter);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static void update(Connection c, String sql, Long id, String role) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            if (id != null) {
                p.setLong(i++, id);
            }
            p.setString(i, role);
            p.executeUpdate();
        }
    }

    /** The primary key's name: generated by H2 and PostgreSQL alike for the tables that did not name it. */
    private static String primaryKey(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        try (ResultSet rs = meta.getPrimaryKeys(c.getCatalog(), c.getSchema(), name)) {
            if (!rs.next()) {
                throw new IllegalStateException("table " + table + " has no primary key");
            }
            return rs.getString("PK_NAME");
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
