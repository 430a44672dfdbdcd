package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts of certificates kept as they change, and indexes for the console's searches, so that the dashboard and the
 * certificates page answer from a few rows instead of counting a store of millions (bench/CONSOLE-RESULTS.md).
 *
 * <p>Two tallies: certificates by status, profile and the UTC day they expire, and by the day they were created.
 * A row trigger on {@code certificate} keeps them in the transaction that inserts, updates or deletes a certificate,
 * so they are exact whatever commits or rolls back, on any number of nodes: PL/pgSQL with {@code INSERT ... ON
 * CONFLICT DO UPDATE} on PostgreSQL, {@code dev.hallmark.storage.CertificateTallyTrigger} on H2. Reserved
 * ({@code PENDING}) rows are not counted, so the lock on a tally row is taken only when a certificate is completed or
 * revoked, just before the audit event that ends the transaction. The trigger reads status, profile, created_at and
 * not_after only.
 *
 * <p>The tallies are derived data, filled here from the certificates already stored. A copy of the database either
 * copies the tallies with the target's triggers off, or lets the target's trigger count the copied certificates and
 * leaves the tallies out; doing both would count every certificate twice.
 *
 * <p>Java rather than SQL because the trigger and two indexes differ by database; plain Flyway finds it in
 * {@code classpath:db/migration} like the SQL migrations.
 */
public class V14__Certificate_tallies extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V14__Certificate_tallies.class);

    private static final String TABLES = """
            CREATE TABLE certificate_expiry_tally (
                status       VARCHAR(16) NOT NULL,
                profile      VARCHAR(64) NOT NULL,
                expiry_day   DATE        NOT NULL,
                certificates BIGINT      NOT NULL,
                CONSTRAINT pk_certificate_expiry_tally PRIMARY KEY (status, profile, expiry_day)
            );
            CREATE TABLE certificate_creation_tally (
                status       VARCHAR(16) NOT NULL,
                profile      VARCHAR(64) NOT NULL,
                created_day  DATE        NOT NULL,
                certificates BIGINT      NOT NULL,
                CONSTRAINT pk_certificate_creation_tally PRIMARY KEY (status, profile, created_day)
            );
            INSERT INTO certificate_expiry_tally (status, profile, expiry_day, certificates)
            SELECT status, profile, CAST(not_after AT TIME ZONE 'UTC' AS DATE), COUNT(*) FROM certificate
            WHERE status <> 'PENDING' GROUP BY status, profile, CAST(not_after AT TIME ZONE 'UTC' AS DATE);
            INSERT INTO certificate_creation_tally (status, profile, created_day, certificates)
            SELECT status, profile, CAST(created_at AT TIME ZONE 'UTC' AS DATE), COUNT(*) FROM certificate
            WHERE status <> 'PENDING' GROUP BY status, profile, CAST(created_at AT TIME ZONE 'UTC' AS DATE);
            """;

    private static final String POSTGRESQL = """
            CREATE FUNCTION certificate_tally_add(s VARCHAR, p VARCHAR, created TIMESTAMPTZ, expires TIMESTAMPTZ,
                    n BIGINT) RETURNS void LANGUAGE sql AS $$
                INSERT INTO certificate_expiry_tally AS t (status, profile, expiry_day, certificates)
                VALUES (s, p, CAST(expires AT TIME ZONE 'UTC' AS DATE), n)
                ON CONFLICT (status, profile, expiry_day) DO UPDATE SET certificates = t.certificates + EXCLUDED.certificates;
                INSERT INTO certificate_creation_tally AS t (status, profile, created_day, certificates)
                VALUES (s, p, CAST(created AT TIME ZONE 'UTC' AS DATE), n)
                ON CONFLICT (status, profile, created_day) DO UPDATE SET certificates = t.certificates + EXCLUDED.certificates;
            $$;
            CREATE FUNCTION certificate_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' THEN
                    IF OLD.status = NEW.status AND OLD.profile = NEW.profile AND OLD.created_at = NEW.created_at
                            AND OLD.not_after = NEW.not_after THEN
                        RETURN NULL;
                    END IF;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    IF OLD.status <> 'PENDING' THEN
                        PERFORM certificate_tally_add(OLD.status, OLD.profile, OLD.created_at, OLD.not_after, -1);
                    END IF;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    IF NEW.status <> 'PENDING' THEN
                        PERFORM certificate_tally_add(NEW.status, NEW.profile, NEW.created_at, NEW.not_after, 1);
                    END IF;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER certificate_tally AFTER INSERT OR DELETE OR UPDATE OF status, profile, created_at, not_after
                ON certificate FOR EACH ROW EXECUTE FUNCTION certificate_tally_change();
            -- the default order (newest first) under a status filter; not_after decides valid or expired in the index
            CREATE INDEX ix_certificate_status_created ON certificate (status, created_at) INCLUDE (not_after);
            -- expiry windows and the part-days the tallies do not cover
            CREATE INDEX ix_certificate_status_not_after ON certificate (status, not_after) INCLUDE (profile);
            """;

    private static final String H2 = """
            CREATE TRIGGER certificate_tally AFTER INSERT, UPDATE, DELETE ON certificate FOR EACH ROW
                CALL 'dev.hallmark.storage.CertificateTallyTrigger';
            CREATE INDEX ix_certificate_status_created ON certificate (status, created_at, not_after);
            CREATE INDEX ix_certificate_status_not_after ON certificate (status, not_after, profile);
            """;

    /** The other sortable columns of the certificates page. */
    private static final String SORTS = """
            CREATE INDEX ix_certificate_not_before ON certificate (not_before);
            CREATE INDEX ix_certificate_subject ON certificate (subject);
            """;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        try (Statement s = connection.createStatement()) {
            run(s, TABLES);
            run(s, SORTS);
            if (postgres) {
                // the function bodies hold semicolons: each is one statement
                for (String statement : POSTGRESQL.split("(?m)^(?=CREATE |-- )")) {
                    if (!statement.isBlank() && !statement.startsWith("--")) {
                        s.execute(statement);
                    }
                }
                trigramIndexes(connection, s);
            } else {
                run(s, H2);
            }
        }
    }

    /**
     * Text search ({@code q}: a part of the subject or of a SAN) through pg_trgm's GIN indexes, when the database
     * allows this user to create the extension (it is trusted: a database owner may); without them the search still
     * works, by reading the table.
     */
    private static void trigramIndexes(Connection connection, Statement s) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public");
            String schema;
            try (var rs = s.executeQuery("SELECT extnamespace::regnamespace::text FROM pg_extension"
                    + " WHERE extname = 'pg_trgm'")) {
                rs.next();
                schema = rs.getString(1);
            }
            s.execute("CREATE INDEX ix_certificate_subject_text ON certificate USING gin (lower(subject) " + schema
                    + ".gin_trgm_ops)");
            s.execute("CREATE INDEX ix_certificate_sans_text ON certificate USING gin (lower(sans) " + schema
                    + ".gin_trgm_ops)");
            connection.releaseSavepoint(before);
        } catch (SQLException e) {
            connection.rollback(before);
            log.warn("no pg_trgm indexes for certificate text search ({}); searching by text reads the table."
                    + " A superuser can run CREATE EXTENSION pg_trgm, then the indexes of V14__Certificate_tallies"
                    + " can be created", e.getMessage());
        }
    }

    private static void run(Statement s, String statements) throws SQLException {
        for (String statement : statements.split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                s.execute(statement);
            }
        }
    }
}
