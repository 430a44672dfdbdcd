package dev.hallmark.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.HallmarkCommand;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Shell;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar hallmark.jar migrate-db} in a JVM of its own, as the README's three commands run it: an H2
 * service with certificates, a revocation and an unused enrollment token is stopped, its database copied into an
 * empty PostgreSQL schema, and a fresh node with an empty data directory on that schema serves the same CA, says
 * revoked in openssl's OCSP answer, lists the serial in its CRL, takes the token once and issues new certificates.
 * A target that holds anything, and a source that is not there, are refused with nothing written.
 */
class MigrateDbCommandTests {

    private static final String PASSWORD = "migrate-test-password";

    @Test
    void migrateDbWhenH2HoldsCertificatesRevocationsAndTokensThenAFreshNodeOnPostgresqlServesTheSame()
            throws Exception {
        Tools.require("openssl");
        Tools.require("curl");
        ClusterNodes postgres = ClusterNodes.onFreshSchema("migrate_db_round_trip", PASSWORD);
        Path source = ServiceTest.newDataDir("migrate-source");
        Path work = ServiceTest.newDataDir("migrate-work");
        Revocations.Issued kept;
        Revocations.Issued revoked;
        Tokens.Token token;
        String rootPem;
        long h2CrlNumber;
        try (ConfigurableApplicationContext service = StandaloneService.start(source, PASSWORD)) {
            HallmarkClient client = StandaloneService.client(service, source);
            Revocations certificates = new Revocations(client, work.resolve("h2"));
            kept = certificates.issue("kept.example", "server", "kept.example");
            revoked = certificates.issue("revoked.example", "server", "revoked.example");
            certificates.revoke(revoked.serial(), "keyCompromise");
            token = Tokens.device(client, "pump-1");
            rootPem = Files.readString(client.bootstrap("root-ca.pem"));
            h2CrlNumber = crlNumber(certificates.dir(), certificates.fetchTo("/crl", "h2.crl"), revoked.serial());

            HallmarkCommand.Result inUse = migrate(work, postgres, source);
            assertThat(inUse.exitCode()).isEqualTo(1);
            assertThat(inUse.stderr()).isEqualTo("migrate-db: the H2 database is in use: stop the service first;"
                    + " nothing was written\n");
            assertThat(relations(postgres)).isEmpty();
        }

        HallmarkCommand.Result migrated = migrate(work, postgres, source);
        assertThat(migrated.exitCode()).as(migrated.stderr()).isZero();
        assertThat(migrated.stdout()).startsWith("Copied ").contains("row counts and checksums are equal:")
                .containsPattern("\n  certificate +[0-9]+ rows  [0-9a-f]{16}\n")
                .containsPattern("\n  revoked_certificate +1 rows  [0-9a-f]{16}\n")
                .containsPattern("\n  enrollment_token +1 rows  [0-9a-f]{16}\n")
                .containsPattern("\n  ca_key +2 rows  [0-9a-f]{16}\n")
                .containsPattern("\n  administrator +1 rows  [0-9a-f]{16}\n")
                .containsPattern("\n  audit_event +[0-9]+ rows  [0-9a-f]{16}\n")
                .containsPattern("\n  crl +[0-9]+ rows  [0-9a-f]{16}\n");
        assertThat(countRows(postgres, "certificate")).isEqualTo(countInOutput(migrated.stdout(), "certificate"));

        HallmarkCommand.Result audit = HallmarkCommand.run(work, "verify-audit", "--spring.datasource.url="
                + postgres.url(), "--spring.datasource.username=hallmark", "--spring.datasource.password=hallmark");
        assertThat(audit.exitCode()).as(audit.stdout() + audit.stderr()).isZero();
        assertThat(audit.stdout()).startsWith("intact: " + countInOutput(migrated.stdout(), "audit_event") + " events");

        try (postgres) {
            // an empty data directory: everything comes from the database; the administrator's files from the H2 host
            HallmarkClient client = postgres.start("fresh").client(source);
            Revocations certificates = new Revocations(client, work.resolve("postgres"));
            assertThat(new String(certificates.fetch("/ca/root.pem"), StandardCharsets.US_ASCII))
                    .isEqualToIgnoringNewLines(rootPem);
            assertThat(status(client, kept.serial())).isEqualTo("valid");
            assertThat(status(client, revoked.serial())).isEqualTo("revoked");

            Path certs = certificates.dir();
            Files.copy(work.resolve("h2/issuing.pem"), certs.resolve("issuing.pem"));
            Files.copy(revoked.certFile(), certs.resolve("revoked.pem"));
            Files.copy(kept.certFile(), certs.resolve("kept.pem"));
            assertThat(ocsp(certs, client, "revoked.pem")).contains("revoked.pem: revoked")
                    .contains("Reason: keyCompromise").contains("Response verify OK");
            assertThat(ocsp(certs, client, "kept.pem")).contains("kept.pem: good");
            // the CRL numbers go on from H2's: never one number twice
            assertThat(crlNumber(certs, certificates.fetchTo("/crl", "postgres.crl"), revoked.serial()))
                    .isGreaterThanOrEqualTo(h2CrlNumber);

            // the token copied unused is spent once; the identity sequences go on past the copied ids
            assertThat(issueWithToken(certs, client, token, "first")).startsWith("201");
            assertThat(issueWithToken(certs, client, token, "second")).startsWith("401")
                .contains("enrollment token " + token.id() + " has already been used");
            assertThat(Tokens.state(client, token.id())).isEqualTo("used");
            assertThat(certificates.issue("after.example", "server", "after.example").serial())
                    .isNotIn(kept.serial(), revoked.serial());
        }
    }

    @Test
    void migrateDbWhenTargetHoldsATableThenRefusedAndNothingWritten() throws SQLException {
        ClusterNodes postgres = ClusterNodes.onFreshSchema("migrate_db_not_empty", PASSWORD);
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE inventory (id INT)");
        }
        Path work = ServiceTest.newDataDir("migrate-not-empty");
        HallmarkCommand.Result result = migrate(work, postgres, work);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("migrate-db: the target is not empty: schema migrate_db_not_empty holds"
                + " inventory. migrate-db copies into an empty database only; nothing was written\n");
        assertThat(relations(postgres)).containsExactly("inventory");
    }

    @Test
    void migrateDbWhenNoH2DatabaseThenRefusedAndTargetLeftEmpty() throws SQLException {
        ClusterNodes postgres = ClusterNodes.onFreshSchema("migrate_db_no_source", PASSWORD);
        Path work = ServiceTest.newDataDir("migrate-no-source");
        HallmarkCommand.Result result = migrate(work, postgres, work);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("migrate-db: no H2 database where the service's settings point: give its"
                + " data directory (--data-dir or HALLMARK_DATA_DIR) or its spring.datasource.url; nothing was written\n");
        assertThat(relations(postgres)).isEmpty();
        assertThat(work.resolve("db")).doesNotExist();
    }

    @Test
    void migrateDbWhenTargetIsNotPostgresqlThenUsage() {
        Path work = ServiceTest.newDataDir("migrate-usage");
        HallmarkCommand.Result result = HallmarkCommand.run(work, "migrate-db", "--to", "jdbc:h2:mem:x");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("migrate-db: --to must be a PostgreSQL JDBC URL"
                + " (jdbc:postgresql://HOST/DATABASE), not jdbc:h2:mem:x\nusage: migrate-db --to");
    }

    private static HallmarkCommand.Result migrate(Path work, ClusterNodes postgres, Path dataDir) {
        return HallmarkCommand.run(work, "migrate-db", "--to", postgres.url(), "--user", "hallmark", "--password",
                "hallmark", "--data-dir", dataDir.toString());
    }

    /** Tables, views and sequences in the test's schema. */
    private static List<String> relations(ClusterNodes postgres) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
                        + " AND relkind IN ('r', 'v', 'S') ORDER BY relname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static long countRows(ClusterNodes postgres, String table) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countInOutput(String output, String table) {
        return Long.parseLong(Revocations.find(output, "\n  " + table + " +([0-9]+) rows"));
    }

    private static String status(HallmarkClient client, String serial) {
        var response = client.get(client.admin(), "/api/v1/certificates/" + serial, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.parse(response.body());
        return body.get("status").asText();
    }

    private static String ocsp(Path certs, HallmarkClient client, String certificate) {
        Tools.Result result = Tools.run(certs, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", certificate,
                "-url", client.http("/ocsp").toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem")
                .assertSuccess();
        return result.stdout() + result.stderr();
    }

    /** The CRL's number, after openssl has verified it under the chain and found {@code serial} in it. */
    private static long crlNumber(Path dir, Path crl, String serial) {
        Tools.Result result = Tools.run(dir, "openssl", "crl", "-inform", "DER", "-in", crl.toString(), "-CAfile",
                dir.resolve("ca-chain.pem").toString(), "-noout", "-text").assertSuccess();
        assertThat(result.stderr()).contains("verify OK");
        String text = result.stdout();
        assertThat(text).contains("Serial Number: " + serial);
        return Long.parseLong(Revocations.find(text, "X509v3 CRL Number: *\n *([0-9]+)"));
    }

    private static String issueWithToken(Path dir, HallmarkClient client, Tokens.Token token, String name) {
        return Shell.run(dir, """
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout NAME.key \\
                  -subj /CN=pump-1 -out NAME.csr 2>/dev/null
                curl -sS --cacert root.pem -H "Authorization: Bearer TOKEN" --data-binary @NAME.csr \\
                  URL/api/v1/certificates -o NAME.out -w '%{http_code}\\n'
                cat NAME.out
                """.replace("NAME", name).replace("URL", "https://localhost:" + client.httpsPort())
                .replace("TOKEN", token.token())).assertSuccess().stdout();
    }
}
