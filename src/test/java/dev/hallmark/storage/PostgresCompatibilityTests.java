package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The migrations and queries on a real PostgreSQL (docker/compose.yaml's database). CI starts one
 * with .ci/postgres.sh; locally the test runs when HALLMARK_TEST_POSTGRES_URL is set.
 */
class PostgresCompatibilityTests {

    @Test
    void serviceWhenOnPostgresqlThenIssuesListsAndRevokes() throws Exception {
        String url = System.getenv("HALLMARK_TEST_POSTGRES_URL");
        if (url == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("HALLMARK_TEST_POSTGRES_URL is not set; .ci/run must source .ci/postgres.sh");
            }
            Assumptions.abort("HALLMARK_TEST_POSTGRES_URL is not set");
        }
        try (Connection c = DriverManager.getConnection(url, "hallmark", "hallmark"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        Path dataDir = ServiceTest.newDataDir("postgres");
        try (ConfigurableApplicationContext context = StandaloneService.start(dataDir, null, "--spring.datasource.url=" + url,
                "--spring.datasource.username=hallmark", "--spring.datasource.password=hallmark")) {
            HallmarkClient client = StandaloneService.client(context, dataDir);
            var issued = client.issue(client.admin(), TestCsrs.csr().subject("CN=pg.example").dns("pg.example").pem(),
                    "profile=server");
            assertThat(issued.statusCode()).isEqualTo(201);
            String serial = issued.headers().firstValue("Location").orElseThrow().replace("/api/v1/certificates/", "");

            var listed = client.get(client.admin(), "/api/v1/certificates?q=PG.EXAMPLE&status=valid&sort=notAfter,desc",
                    "application/json");
            assertThat(Json.parse(listed.body()).get("items").get(0).get("serial").asText()).isEqualTo(serial);

            var revoked = client.postJson(client.admin(), "/api/v1/certificates/" + serial + "/revoke",
                    "{\"reason\":\"cessationOfOperation\"}");
            assertThat(Json.parse(revoked.body()).get("status").asText()).isEqualTo("revoked");
            var audit = client.get(client.admin(), "/api/v1/audit-events?action=certificate.revoke", "application/json");
            assertThat(Json.parse(audit.body()).get("items").get(0).get("target").asText()).isEqualTo(serial);
        }
    }
}
