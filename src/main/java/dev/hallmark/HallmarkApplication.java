package dev.hallmark;

import dev.hallmark.audit.VerifyAuditCommand;
import dev.hallmark.backup.BackupCommand;
import dev.hallmark.bootstrap.CreateAdminCommand;
import dev.hallmark.bootstrap.ImportCaCommand;
import dev.hallmark.config.AuditCommandConfiguration;
import dev.hallmark.config.CommandConfiguration;
import dev.hallmark.config.CommandSettings;
import dev.hallmark.config.StartupProfile;
import dev.hallmark.crypto.CryptoProviders;
import dev.hallmark.migration.MigrateDbCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * Hallmark CA. {@code java -jar hallmark.jar} runs the service; {@code java -jar hallmark.jar
 * import-ca --cert ca.pem --key ca.key} takes an existing CA as the root before the first start;
 * {@code java -jar hallmark.jar create-admin --name N} issues a new ADMIN on the CA's host;
 * {@code java -jar hallmark.jar verify-audit} recomputes the audit trail's hash chain;
 * {@code java -jar hallmark.jar backup --to FILE} has the running service back up its H2 database;
 * {@code java -jar hallmark.jar migrate-db --to jdbc:postgresql://...} copies a stopped service's H2 database into an
 * empty PostgreSQL one.
 */
// no user names or passwords: callers are client certificates and enrollment tokens
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class HallmarkApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("verify-audit")) {
            // before the crypto providers, whose log line would come first in its output: it only verifies
            System.exit(VerifyAuditCommand.run(Arrays.copyOfRange(args, 1, args.length), AuditCommandConfiguration::start));
        }
        if (args.length > 0 && args[0].equals("backup")) {
            // the running service makes the backup; the command needs no crypto of its own
            System.exit(BackupCommand.run(Arrays.copyOfRange(args, 1, args.length), CommandSettings::read));
        }
        if (args.length > 0 && args[0].equals("migrate-db")) {
            // copies tables: no CA, no crypto
            System.exit(MigrateDbCommand.run(Arrays.copyOfRange(args, 1, args.length), CommandSettings::read));
        }
        CryptoProviders.install();
        if (args.length > 0 && args[0].equals("import-ca")) {
            System.exit(ImportCaCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("create-admin")) {
            System.exit(CreateAdminCommand.run(Arrays.copyOfRange(args, 1, args.length), CommandConfiguration::start,
                    System.err));
        }
        SpringApplication application = new SpringApplication(HallmarkApplication.class);
        StartupProfile.attachIfRequested(application);
        application.run(args);
    }
}
