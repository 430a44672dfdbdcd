package dev.hallmark.migration;

import dev.hallmark.command.CommandArguments;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code migrate-db --to JDBC_URL [--user U --password P] [--data-dir DIR] [--spring.datasource.url=... ...]}: copies
 * the H2 database of a stopped service (found by the service's own settings) into an empty PostgreSQL database,
 * every table of it, then compares row counts and checksums table by table ({@link DatabaseCopy}). The H2 database
 * is only read. A target that holds anything is refused before anything is written; a copy that does not match is
 * undone. The service then starts on PostgreSQL with the same data directory and CA password.
 */
public final class MigrateDbCommand {

    /** H2's "database may be already in use": the service (or another command) has the file open. */
    private static final int H2_DATABASE_IN_USE = 90020;
    /** H2's "database not found" under IFEXISTS=TRUE. */
    private static final int H2_DATABASE_NOT_FOUND = 90146;

    private MigrateDbCommand() {
    }

    /**
     * @param settings starts a context that only reads the service's settings from Spring arguments
     * @return 0 when copied and verified, 1 when refused or failed, 2 for a usage error
     */
    public static int run(String[] args, Function<String[], ConfigurableApplicationContext> settings) {
        CommandArguments arguments;
        try {
            arguments = CommandArguments.parse(args, "to", "user", "password");
        } catch (CommandArguments.UsageException e) {
            return usage(e.getMessage());
        }
        String to = arguments.option("to");
        if (to == null || to.isBlank()) {
            return usage("give the PostgreSQL database to copy into with --to jdbc:postgresql://HOST/DATABASE");
        }
        if (!to.startsWith("jdbc:postgresql:")) {
            return usage("--to must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST/DATABASE), not " + to);
        }
        Database target = new Database(to, arguments.option("user"), arguments.option("password"));
        try (ConfigurableApplicationContext context = settings.apply(arguments.springArgs())) {
            Environment environment = context.getEnvironment();
            String url = environment.getProperty("spring.datasource.url", "");
            if (!url.startsWith("jdbc:h2:")) {
                return fail("the service's database is not H2 (" + url.split("\\?", 2)[0] + "): migrate-db copies an"
                        + " H2 installation; between PostgreSQL databases use pg_dump and pg_restore");
            }
            // H2 would create an empty database where none is
            Database source = new Database(url + ";IFEXISTS=TRUE", environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"));
            String[] migrations = environment.getProperty("spring.flyway.locations", String[].class,
                    new String[] {"classpath:db/migration"});
            List<DatabaseCopy.Copied> copied = new DatabaseCopy(source, target, migrations).run();
            long rows = copied.stream().mapToLong(DatabaseCopy.Copied::rows).sum();
            System.out.println("Copied " + rows + " rows in " + copied.size() + " tables from " + url.split(";", 2)[0]
                    + " to " + target.shown() + "; row counts and checksums are equal:");
            for (DatabaseCopy.Copied table : copied) {
                System.out.printf("  %-28s %9d rows  %s%n", table.table(), table.rows(), table.checksum().substring(0, 16));
            }
            System.out.println("Start the service with spring.datasource.url=" + target.shown()
                    + " (and its user and password), the same CA password and, on this host, the same data directory.");
            return 0;
        } catch (MigrationRefusedException e) {
            return fail(e.getMessage());
        } catch (SQLException | RuntimeException e) {
            return fail(explain(e));
        }
    }

    /** One line a person can act on, from a failure that may be wrapped many times over; never a password. */
    private static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MigrationRefusedException refused) {
                return refused.getMessage();
            }
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return "the H2 database is in use: stop the service first; nothing was written";
            }
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_NOT_FOUND) {
                return "no H2 database where the service's settings point: give its data directory (--data-dir or"
                        + " HALLMARK_DATA_DIR) or its spring.datasource.url; nothing was written";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "failed: " + message.lines().findFirst().orElse("");
    }

    private static int fail(String message) {
        System.err.println("migrate-db: " + message);
        return 1;
    }

    private static int usage(String problem) {
        System.err.println("migrate-db: " + problem);
        System.err.println("usage: migrate-db --to jdbc:postgresql://HOST/DATABASE [--user U --password P] [--data-dir DIR]"
                + " [--spring.datasource.url=URL ...]");
        return 2;
    }
}
