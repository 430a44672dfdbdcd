package dev.hallmark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.config.CommandConfiguration;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.HallmarkCommand;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Break-glass: {@code create-admin} on the CA's host issues a new ADMIN into a stopped service's
 * data directory, which then authenticates over mutual TLS, even after the first administrator was
 * revoked; it refuses bad names, names of active administrators, existing files and a database in use.
 * The installation is prepared once: a second ADMIN revoked the first one, then the service stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreateAdminCommandTests {

    private Path dataDir;
    private String firstAdminSerial;
    private String secondAdminSerial;

    @BeforeAll
    void installationWhoseFirstAdministratorWasRevoked() {
        dataDir = ServiceTest.newDataDir("create-admin");
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null)) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            var created = client.postJson(client.admin(), "/api/v1/admins", "{\"name\":\"second\",\"role\":\"ADMIN\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode body = Json.parse(created.body());
            secondAdminSerial = body.get("serial").asText();
            HttpClient second = client.withPkcs12(Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                    body.get("pkcs12Password").asText().toCharArray());
            firstAdminSerial = serialOfFirstAdmin(client, second);
            var revoked = client.postJson(second, "/api/v1/certificates/" + firstAdminSerial + "/revoke",
                    "{\"reason\":\"keyCompromise\"}");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        }
    }

    @Test
    void createAdminWhenServiceStoppedAndFirstAdminRevokedThenNewAdminAuthenticatesOverMutualTlsAfterRestart()
            throws Exception {
        HallmarkCommand.Result result = HallmarkCommand.run(dataDir.resolve("work"), "create-admin", "--name", "rescue",
                "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        Path bootstrap = dataDir.resolve("bootstrap");
        assertThat(result.stdout()).contains("Created the ADMIN 'rescue' (certificate serial ")
                .contains(bootstrap.resolve("rescue.p12") + " with its password in rescue.p12.password, for browsers")
                .contains(bootstrap.resolve("rescue.crt") + " and rescue.key, for curl");
        for (String file : List.of("rescue.p12", "rescue.p12.password", "rescue.crt", "rescue.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bootstrap.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        String serial = Tools.run(bootstrap, "openssl", "x509", "-in", "rescue.crt", "-noout", "-serial").assertSuccess()
                .stdout().strip().substring("serial=".length());
        assertThat(result.stdout()).contains("(certificate serial " + serial + ")");

        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null)) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            Tools.Result listed = curl(client, "rescue", "/api/v1/admins");
            assertThat(listed.stdout()).endsWith("200");
            JsonNode rescue = findAdmin(Json.parse(listed.stdout().substring(0, listed.stdout().length() - 3)), serial);
            assertThat(rescue.get("name").asText()).isEqualTo("rescue");
            assertThat(rescue.get("role").asText()).isEqualTo("ADMIN");
            assertThat(rescue.get("certificateStatus").asText()).isEqualTo("valid");
            assertThat(rescue.get("createdBy").asText()).isEqualTo("system:create-admin");
            assertThat(curl(client, "admin", "/api/v1/admins").stdout()).endsWith("401");

            HttpClient asRescue = client.withPkcs12(Files.readAllBytes(bootstrap.resolve("rescue.p12")),
                    Files.readString(bootstrap.resolve("rescue.p12.password")).strip().toCharArray());
            var created = client.postJson(asRescue, "/api/v1/admins", "{\"name\":\"after-rescue\",\"role\":\"OPERATOR\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode event = Json.parse(client.get(asRescue, "/api/v1/audit-events?action=admin.create&actor=system:create-admin",
                    "application/json").body()).get("items").get(0);
            assertThat(event.get("target").asText()).isEqualTo(serial);
            assertThat(event.get("outcome").asText()).isEqualTo("SUCCESS");
            assertThat(event.get("detail").asText()).isEqualTo("name=rescue role=ADMIN");
        }
    }

    @Test
    void createAdminWhenNameInvalidThenExits1WithOneLineAndWritesNothing() {
        HallmarkCommand.Result result = HallmarkCommand.run(dataDir.resolve("work"), "create-admin", "--name", "../evil",
                "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr().lines().toList()).containsExactly("create-admin: invalid name '../evil': name must be"
                + " 1 to 64 letters, digits, spaces or . _ @ -, starting with a letter or digit");
        assertThat(dataDir.resolve("evil.p12")).doesNotExist();
    }

    @Test
    void createAdminWhenAnActiveAdministratorHasTheNameThenExits1AndWritesNothing() {
        List<String> err = runInProcess(1, "--name", "second", "--data-dir", dataDir.toString());

        assertThat(err).containsExactly("create-admin: an active administrator named 'second' exists (certificate "
                + secondAdminSerial + "); choose another name, or revoke that certificate first");
        assertThat(dataDir.resolve("bootstrap/second.p12")).doesNotExist();
        assertThat(dataDir.resolve("bootstrap/second.key")).doesNotExist();
    }

    @Test
    void createAdminWhenCredentialFilesOfTheNameExistThenExits1AndKeepsThem() throws Exception {
        // the first administrator was revoked, so its name is free; its files are still there
        Path bootstrap = dataDir.resolve("bootstrap");
        Map<String, String> before = digests(bootstrap, "admin.p12", "admin.p12.password", "admin.crt", "admin.key");

        List<String> err = runInProcess(1, "--name", "admin", "--data-dir", dataDir.toString());

        assertThat(err).containsExactly("create-admin: " + bootstrap.resolve("admin.p12") + ", "
                + bootstrap.resolve("admin.p12.password") + ", " + bootstrap.resolve("admin.crt") + ", "
                + bootstrap.resolve("admin.key") + " exist already; nothing was issued. Move the old credential away,"
                + " or choose another --name");
        assertThat(digests(bootstrap, "admin.p12", "admin.p12.password", "admin.crt", "admin.key")).isEqualTo(before);
    }

    @Test
    void createAdminWhenNoCaInTheDataDirectoryThenExits1AndCreatesNoCa() {
        Path empty = ServiceTest.newDataDir("create-admin-empty");

        List<String> err = runInProcess(1, "--name", "nobody", "--data-dir", empty.toString());

        assertThat(err).containsExactly("create-admin: cannot use the CA: no CA in the database: give the service's"
                + " database settings (with H2, its data directory: --data-dir or HALLMARK_DATA_DIR), after the"
                + " service's first start");
        assertThat(empty.resolve("ca/root.key")).doesNotExist();
        assertThat(empty.resolve("ca/password")).doesNotExist();
        assertThat(empty.resolve("bootstrap/nobody.p12")).doesNotExist();
    }

    @Test
    void createAdminWhenTheServiceRunsOnH2ThenExits1SayingTheDatabaseIsInUse() {
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null)) {
            HallmarkCommand.Result result = HallmarkCommand.run(dataDir.resolve("work"), "create-admin", "--name", "busy",
                    "--data-dir", dataDir.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr().lines().toList()).containsExactly(
                    "create-admin: the database is in use: stop the service first (with PostgreSQL it may keep running)");
            assertThat(dataDir.resolve("bootstrap/busy.p12")).doesNotExist();
        }
    }

    @Test
    void createAdminWhenOnPostgresqlThenNewAdminAuthenticatesWhileTheServiceRuns() throws Exception {
        String url = System.getenv("HALLMARK_TEST_POSTGRES_URL");
        if (url == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("HALLMARK_TEST_POSTGRES_URL is not set; .ci/run must source .ci/postgres.sh");
            }
            Assumptions.abort("HALLMARK_TEST_POSTGRES_URL is not set");
        }
        // a schema of its own, so that this test and PostgresCompatibilityTests leave each other alone
        try (Connection c = DriverManager.getConnection(url, "hallmark", "hallmark"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS create_admin CASCADE");
            s.execute("CREATE SCHEMA create_admin");
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=create_admin";
        Path pgDataDir = ServiceTest.newDataDir("create-admin-pg");
        String[] database = {"--spring.datasource.url=" + schemaUrl, "--spring.datasource.username=hallmark",
            "--spring.datasource.password=hallmark"};
        try (ConfigurableApplicationContext service = StandaloneService.start(pgDataDir, null, database)) {
            HallmarkClient client = StandaloneService.client(service, pgDataDir);

            HallmarkCommand.Result result = HallmarkCommand.run(pgDataDir.resolve("work"), "create-admin", "--name",
                    "pg-rescue", "--data-dir", pgDataDir.toString(), database[0], database[1], database[2]);

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            Tools.Result listed = curl(client, "pg-rescue", "/api/v1/admins");
            assertThat(listed.stdout()).endsWith("200").contains("\"name\":\"pg-rescue\"");
            var audit = client.get(client.admin(), "/api/v1/audit-events?action=admin.create&actor=system:create-admin",
                    "application/json");
            assertThat(Json.parse(audit.body()).get("items").get(0).get("detail").asText()).isEqualTo("name=pg-rescue role=ADMIN");
        }
    }

    /** GET with curl presenting {@code <name>.crt} and {@code <name>.key}; stdout is the body, then the status. */
    private static Tools.Result curl(HallmarkClient client, String name, String path) {
        return Tools.run(client.bootstrap("").getParent(), "curl", "-sS", "-w", "%{http_code}", "--cacert",
                client.bootstrap("root-ca.pem").toString(), "--cert", client.bootstrap(name + ".crt").toString(), "--key",
                client.bootstrap(name + ".key").toString(), client.https(path).toString()).assertSuccess();
    }

    /** Runs the command in this JVM (faster than its own) and answers what it printed on stderr. */
    private static List<String> runInProcess(int expectedExit, String... args) {
        // the command's own stream: System.err would also catch what other contexts' threads print
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(CreateAdminCommand.run(args, CommandConfiguration::start, new PrintStream(captured, true)))
                .isEqualTo(expectedExit);
        return captured.toString().lines().toList();
    }

    private static String serialOfFirstAdmin(HallmarkClient client, HttpClient caller) {
        for (JsonNode admin : Json.parse(client.get(caller, "/api/v1/admins", "application/json").body())) {
            if (admin.get("name").asText().equals("admin")) {
                return admin.get("serial").asText();
            }
        }
        throw new AssertionError("no first administrator");
    }

    private static JsonNode findAdmin(JsonNode admins, String serial) {
        for (JsonNode admin : admins) {
            if (admin.get("serial").asText().equals(serial)) {
                return admin;
            }
        }
        throw new AssertionError("no administrator with serial " + serial + " in " + admins);
    }

    private static Map<String, String> digests(Path dir, String... files) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String file : files) {
            out.put(file, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(dir.resolve(file)))));
        }
        return out;
    }
}
