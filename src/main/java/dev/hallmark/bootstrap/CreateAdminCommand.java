package dev.hallmark.bootstrap;

import dev.hallmark.admin.AdministratorCredential;
import dev.hallmark.admin.AdministratorService;
import dev.hallmark.admin.Caller;
import dev.hallmark.admin.Role;
import dev.hallmark.command.CommandArguments;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.signing.CaKeyException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code create-admin --name N [--data-dir DIR] [--spring.datasource.url=... ...]}: the way back in
 * when no ADMIN credential is left (lost, expired, or its holder gone). Run on the CA's host with the
 * service's settings: the CA password (HALLMARK_CA_PASSWORD or {@code <data-dir>/ca/password}) and
 * database (H2 under the data directory while the service is stopped, or PostgreSQL). It issues a
 * new ADMIN through the one issuance path, audited as {@value #ACTOR}, and writes its credential to
 * {@code <data-dir>/bootstrap/<name>.p12} (with {@code .p12.password}), {@code <name>.crt} and
 * {@code <name>.key}, mode 0600. It never replaces files: when one of them exists, nothing is issued.
 */
public final class CreateAdminCommand {

    static final String ACTOR = "system:create-admin";
    /** H2's "database may be already in use": the service (or another command) has the file open. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private CreateAdminCommand() {
    }

    /**
     * @param context starts the command's application context from Spring arguments ({@code --key=value})
     * @param err where refusals go: a parameter, so that a caller in a busy JVM reads only this command's
     * @return 0 when created, 1 when refused or failed, 2 for a usage error
     */
    public static int run(String[] args, Function<String[], ConfigurableApplicationContext> context,
            PrintStream err) {
        CommandArguments arguments;
        try {
            arguments = CommandArguments.parse(args, "name");
        } catch (CommandArguments.UsageException e) {
            return usage(err, e.getMessage());
        }
        String name = arguments.option("name");
        if (name == null) {
            return usage(err, "give the new administrator's name with --name");
        }
        try {
            AdministratorService.checkName(name);
        } catch (PolicyViolationException e) {
            return fail(err, "invalid name '" + name + "': " + e.getMessage());
        }
        try (ConfigurableApplicationContext running = context.apply(arguments.springArgs())) {
            Path bootstrapDir = Path.of(running.getEnvironment().getRequiredProperty("hallmark.data-dir"))
                    .resolve("bootstrap");
            AdministratorFiles files = new AdministratorFiles(bootstrapDir, name);
            List<Path> existing = files.existing();
            if (!existing.isEmpty()) {
                return fail(err, existing.stream().map(Path::toString).collect(Collectors.joining(", "))
                        + (existing.size() == 1 ? " exists" : " exist") + " already; nothing was issued."
                        + " Move the old credential away, or choose another --name");
            }
            AdministratorCredential admin = running.getBean(AdministratorService.class)
                    .create(name, Role.ADMIN, null, Caller.system(ACTOR));
            files.write(admin);
            System.out.println("Created the ADMIN '" + name + "' (certificate serial " + admin.serial()
                    + "), audited as " + ACTOR + ":");
            System.out.println("  " + files.pkcs12() + " with its password in " + files.pkcs12Password().getFileName()
                    + ", for browsers");
            System.out.println("  " + files.certificate() + " and " + files.key().getFileName() + ", for curl");
            return 0;
        } catch (IssuanceRefusedException | PolicyViolationException e) {
            return fail(err, e.getMessage());
        } catch (RuntimeException e) {
            return fail(err, explain(e));
        }
    }

    /** One line a person can act on, from a failure that may be wrapped many times over. */
    private static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CaKeyException) {
                return "cannot use the CA: " + t.getMessage();
            }
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

    private static int fail(PrintStream err, String message) {
        err.println("create-admin: " + message);
        return 1;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("create-admin: " + problem);
        err.println("usage: create-admin --name NAME [--data-dir DIR] [--spring.datasource.url=URL ...]");
        return 2;
    }
}
