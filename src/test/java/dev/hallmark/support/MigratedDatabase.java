package dev.hallmark.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database with the service's migrations applied and nothing else, for tests of the plain-SQL
 * stores without a running service: H2 in memory, or a schema of its own on the PostgreSQL that
 * CI starts (HALLMARK_TEST_POSTGRES_URL, see .ci/postgres.sh), so it never meets another test's tables.
 */
public record MigratedDatabase(String name, DataSource dataSource, TransactionTemplate transactions, String schema) {

    public static MigratedDatabase h2() {
        return h2(null);
    }

    /** Migrated up to {@code version} only (null: all), for a test of the next migration ({@link #migrate()}). */
    public static MigratedDatabase h2(String version) {
        String url = "jdbc:h2:mem:migrated-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return migrated("H2", new DriverManagerDataSource(url, "sa", ""), null, version);
    }

    /** Aborts locally without HALLMARK_TEST_POSTGRES_URL; fails in CI, which must provide it. */
    public static MigratedDatabase postgres(String schema) {
        return postgres(schema, null);
    }

    /** As {@link #h2(String)}, on PostgreSQL. */
    public static MigratedDatabase postgres(String schema, String version) {
        String url = System.getenv("HALLMARK_TEST_POSTGRES_URL");
        if (url == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("HALLMARK_TEST_POSTGRES_URL is not set; .ci/run must source .ci/postgres.sh");
            }
            Assumptions.abort("HALLMARK_TEST_POSTGRES_URL is not set");
        }
        DriverManagerDataSource plain = new DriverManagerDataSource(url, "hallmark", "hallmark");
        try (Connection c = plain.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String inSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return migrated("PostgreSQL", new DriverManagerDataSource(inSchema, "hallmark", "hallmark"), schema, version);
    }

    private static MigratedDatabase migrated(String name, DataSource dataSource, String schema, String version) {
        MigratedDatabase db = new MigratedDatabase(name, dataSource,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), schema);
        db.migrate(version);
        return db;
    }

    /** Applies the migrations not applied yet. */
    public void migrate() {
        migrate(null);
    }

    private void migrate(String version) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema);
        }
        if (version != null) {
            flyway.target(version);
        }
        flyway.load().migrate();
    }

    @Override
    public String toString() {
        return name;
    }
}
