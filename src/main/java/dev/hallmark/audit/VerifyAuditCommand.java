package dev.hallmark.audit;

import dev.hallmark.command.CommandArguments;
import dev.hallmark.storage.AuditRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code verify-audit [--data-dir DIR] [--spring.datasource.url=... ...]}: recomputes
 * the audit trail's hash chain in the service's database (H2 under the data directory while the
 * service is stopped, or PostgreSQL at any time) and prints {@code intact: N events, head H}, or
 * {@code broken:} and the first event that was changed, removed or reordered. It only reads.
 */
public final class VerifyAuditCommand {

    /** H2's "database may be already in use": the service (or another command) has the file open. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private VerifyAuditCommand() {
    }

    /**
     * @param context starts the command's application context from Spring arguments ({@code --key=value})
     * @return 0 when intact, 1 when the chain is broken, 2 when it could not be checked (usage, database)
     */
    public static int run(String[] args, Function<String[], ConfigurableApplicationContext> context) {
        CommandArguments arguments;
        try {
            arguments = CommandArguments.parse(args);
        } catch (CommandArguments.UsageException e) {
            return usage(e.getMessage());
        }
        try (ConfigurableApplicationContext running = context.apply(arguments.springArgs())) {
            String url = running.getEnvironment().getProperty("spring.datasource.url", "");
            String missing = missingH2File(url);
            if (missing != null) {
                return cannot("no database at " + missing + ": give the service's data directory (--data-dir or"
                        + " HALLMARK_DATA_DIR) or its spring.datasource.url");
            }
            AuditRecords records = running.getBean(AuditRecords.class);
            Verdict verdict = running.getBean(TransactionTemplate.class).execute(status -> walk(records));
            if (verdict.problem() != null) {
                System.out.println("broken: " + verdict.problem());
                return 1;
            }
            System.out.println("intact: " + verdict.check().events() + " events, head " + verdict.check().head());
            return 0;
        } catch (BadSqlGrammarException e) {
            return cannot("the database holds no chained audit trail: start this version of the service on it once"
                    + " (" + e.getSQLException().getMessage().lines().findFirst().orElse("") + ")");
        } catch (RuntimeException e) {
            return cannot(explain(e));
        }
    }

    private record Verdict(AuditChainCheck check, String problem) {
    }

    private static Verdict walk(AuditRecords records) {
        // the head row first: events appended while the walk runs come after it
        AuditRecords.Head head = records.head();
        AuditChainCheck check = new AuditChainCheck(head.sequence());
        records.forEachInOrder(0, check::accept);
        return new Verdict(check, check.against("the chain's head row", head.sequence(), head.hash()));
    }

    private static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return "the database is in use: stop the service first (with PostgreSQL it may keep running)";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "failed: " + message.lines().findFirst().orElse("");
    }

    /** H2 would create an empty database where none is, and call its empty trail intact. */
    private static String missingH2File(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return null;
        }
        String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        return Files.exists(Path.of(path + ".mv.db")) ? null : path + ".mv.db";
    }

    private static int cannot(String message) {
        System.err.println("verify-audit: " + message);
        return 2;
    }

    private static int usage(String problem) {
        System.err.println("verify-audit: " + problem);
        System.err.println("usage: verify-audit [--data-dir DIR] [--spring.datasource.url=URL ...]");
        return 2;
    }
}
