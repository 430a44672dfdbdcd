package dev.hallmark.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.config.WebServerConfiguration;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.HallmarkCommand;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar hallmark.jar backup --to FILE} in a JVM of its own against a running H2 service, and the restore
 * drill of docs/operations.md: unzip the backup into an empty data directory, start a node on it with the CA
 * password, and find the same CA, the same certificates, the revocation in openssl's OCSP answer, and the audit
 * trail intact through verify-audit. A PostgreSQL service and an existing file are refused.
 */
class BackupCommandTests {

    private static final String PASSWORD = "backup-test-password";

    @Test
    void backupWhenServiceRunsThenARestoredNodeServesTheSameCaCertificatesAndRevocations() throws Exception {
        Tools.require("openssl");
        Tools.require("unzip");
        Path source = ServiceTest.newDataDir("backup-source");
        Path work = ServiceTest.newDataDir("backup-work");
        Path backup = work.resolve("hallmark-backup.zip");
        Revocations.Issued kept;
        Revocations.Issued revoked;
        String afterBackup;
        String rootPem;
        try (ConfigurableApplicationContext service = StandaloneService.start(source, PASSWORD)) {
            HallmarkClient client = StandaloneService.client(service, source);
            Revocations certificates = new Revocations(client, work.resolve("certs"));
            kept = certificates.issue("kept.example", "server", "kept.example");
            revoked = certificates.issue("revoked.example", "server", "revoked.example");
            certificates.revoke(revoked.serial(), "keyCompromise");
            rootPem = Files.readString(client.bootstrap("root-ca.pem"));

            HallmarkCommand.Result made = HallmarkCommand.run(work, "backup", "--to", backup.toString(),
                    "--data-dir", source.toString());
            assertThat(made.exitCode()).as(made.stderr()).isZero();
            assertThat(made.stdout()).startsWith("Backed up the database to " + backup + " (")
                    .contains("mode 0600").contains("audited as system:backup");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
            assertThat(Tools.run(work, "unzip", "-l", backup.toString()).assertSuccess().stdout()).contains("hallmark.mv.db");

            // the service kept serving: a certificate issued now is not in the backup
            afterBackup = certificates.issue("after.example", "server", "after.example").serial();
            JsonNode audited = Json.parse(client.get(client.admin(), "/api/v1/audit-events?action=database.backup",
                    "application/json").body()).get("items");
            assertThat(audited).hasSize(1);
            assertThat(audited.get(0).get("actor").asText()).isEqualTo("system:backup");
            assertThat(audited.get(0).get("target").asText()).isEqualTo(backup.toString());
            assertThat(audited.get(0).get("outcome").asText()).isEqualTo("SUCCESS");

            long size = Files.size(backup);
            HallmarkCommand.Result again = HallmarkCommand.run(work, "backup", "--to", backup.toString(),
                    "--data-dir", source.toString());
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stderr()).isEqualTo("backup: " + backup + " exists already; nothing was written. Choose a"
                    + " new file: a backup never replaces one\n");
            assertThat(Files.size(backup)).isEqualTo(size);
        }

        // the restore drill: the database into an empty data directory; the CA password as before
        Path restored = ServiceTest.newDataDir("backup-restored");
        Tools.run(work, "unzip", "-q", backup.toString(), "-d", restored.resolve("db").toString()).assertSuccess();
        HallmarkCommand.Result intact = HallmarkCommand.run(work, "verify-audit", "--data-dir", restored.toString());
        assertThat(intact.exitCode()).as(intact.stderr()).isZero();
        assertThat(intact.stdout()).startsWith("intact: ");

        try (ConfigurableApplicationContext node = StandaloneService.start(restored, PASSWORD)) {
            // the administrator's credential and the root from the first data directory: the same CA
            HallmarkClient client = new HallmarkClient(source, ((WebServerApplicationContext) node).getWebServer().getPort(),
                    node.getBean(WebServerConfiguration.PlainHttpPort.class).port());
            assertThat(new String(new Revocations(client, work.resolve("restored")).fetch("/ca/root.pem"),
                    java.nio.charset.StandardCharsets.US_ASCII)).isEqualToIgnoringNewLines(rootPem);
            assertThat(certificate(client, kept.serial()).get("status").asText()).isEqualTo("valid");
            assertThat(certificate(client, revoked.serial()).get("status").asText()).isEqualTo("revoked");
            assertThat(client.get(client.admin(), "/api/v1/certificates/" + afterBackup, "application/json").statusCode())
                    .isEqualTo(404);

            Path certs = work.resolve("certs");
            assertThat(ocsp(certs, client, revoked.certFile())).contains(revoked.certFile() + ": revoked")
                    .contains("Reason: keyCompromise").contains("Response verify OK");
            assertThat(ocsp(certs, client, kept.certFile())).contains(kept.certFile() + ": good");
        }
        HallmarkCommand.Result afterRestore = HallmarkCommand.run(work, "verify-audit", "--data-dir", restored.toString());
        assertThat(afterRestore.exitCode()).as(afterRestore.stdout() + afterRestore.stderr()).isZero();
    }

    @Test
    void backupWhenDatabaseIsPostgresqlThenRefusedPointingAtPgDump() {
        Path work = ServiceTest.newDataDir("backup-pg");
        HallmarkCommand.Result result = HallmarkCommand.run(work, "backup", "--to", work.resolve("b.zip").toString(),
                "--spring.datasource.url=jdbc:postgresql://localhost:5432/hallmark");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("backup: the database is not H2 (jdbc:postgresql://localhost:5432/hallmark):"
                + " back up PostgreSQL with pg_dump (pg_dump -Fc -f hallmark.dump hallmark; docs/operations.md), this"
                + " command backs up H2 only\n");
        assertThat(work.resolve("b.zip")).doesNotExist();
    }

    @Test
    void backupWhenNoServiceRunsThenRefusedSayingSoAndWritesNothing() {
        Path dataDir = ServiceTest.newDataDir("backup-stopped");
        HallmarkCommand.Result result = HallmarkCommand.run(dataDir, "backup", "--to", dataDir.resolve("b.zip").toString(),
                "--data-dir", dataDir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("backup: no service answers on " + dataDir.resolve(BackupSocket.FILE))
                .contains("With the service stopped, copy " + dataDir.resolve("db") + " as it is");
        assertThat(dataDir.resolve("b.zip")).doesNotExist();
    }

    @Test
    void backupWhenNoTargetThenUsage() {
        Path work = ServiceTest.newDataDir("backup-usage");
        HallmarkCommand.Result result = HallmarkCommand.run(work, "backup");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("backup: give the backup file with --to\nusage: backup --to FILE");
    }

    private static JsonNode certificate(HallmarkClient client, String serial) {
        var response = client.get(client.admin(), "/api/v1/certificates/" + serial, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private static String ocsp(Path certs, HallmarkClient client, Path certificate) {
        Tools.Result result = Tools.run(certs, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", certificate.toString(),
                "-url", client.http("/ocsp").toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem")
                .assertSuccess();
        return result.stdout() + result.stderr();
    }
}
