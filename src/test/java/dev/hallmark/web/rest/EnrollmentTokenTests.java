package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Shell;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Enrollment tokens over REST: created by an administrator, spent once by a device with
 * {@code Authorization: Bearer}, within the token's profile and names.
 */
class EnrollmentTokenTests extends ServiceTest {

    @TempDir
    Path dir;

    @Test
    void createWhenAdminThen201WithSecretShownOnceAndListedWithoutIt() {
        HallmarkClient c = client();
        var created = c.postJson(c.admin(), "/api/v1/enrollment-tokens",
                "{\"profile\":\"device\",\"commonName\":\"*.sensors.example\",\"sans\":[\"*.sensors.example\"],"
                        + "\"expiresIn\":\"PT2H\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = Json.parse(created.body());
        String id = body.get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/enrollment-tokens/" + id);
        assertThat(body.get("token").asText()).startsWith(id + ".").hasSizeGreaterThan(60);
        assertThat(body.get("profile").asText()).isEqualTo("device");
        assertThat(body.get("commonName").asText()).isEqualTo("*.sensors.example");
        assertThat(body.get("sans").get(0).asText()).isEqualTo("*.sensors.example");
        assertThat(body.get("state").asText()).isEqualTo("unused");
        assertThat(Duration.between(Instant.now(), Instant.parse(body.get("expiresAt").asText())))
                .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));

        var list = c.get(c.admin(), "/api/v1/enrollment-tokens", "application/json");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id).doesNotContain(body.get("token").asText())
                .doesNotContain(body.get("token").asText().substring(id.length() + 1));
    }

    @Test
    void createWhenInvalidInputThen400Or403Problems() {
        HallmarkClient c = client();
        assertProblem(c.postJson(c.admin(), "/api/v1/enrollment-tokens", "{\"profile\":\"nope\"}"), 400,
                "unknown profile 'nope'; GET /api/v1/profiles lists them");
        assertProblem(c.postJson(c.admin(), "/api/v1/enrollment-tokens", "{\"profile\":\"admin\",\"commonName\":\"x\"}"),
                403, "profile 'admin' is issued only through its own endpoint (administrators: POST /api/v1/admins)");
        assertProblem(c.postJson(c.admin(), "/api/v1/enrollment-tokens", "{\"profile\":\"device\",\"expiresIn\":\"P31D\"}"),
                400, "expiresIn must be between PT1S and 30 days (P30D)");
        assertProblem(c.postJson(c.admin(), "/api/v1/enrollment-tokens", "{\"profile\":\"device\",\"expiresIn\":\"1h\"}"),
                400, "expiresIn '1h' is not an ISO-8601 duration such as PT1H or P7D");
        var unknownField = c.postJson(c.admin(), "/api/v1/enrollment-tokens", "{\"profile\":\"device\",\"color\":\"red\"}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertProblem(c.postJson(c.admin(), "/api/v1/enrollment-tokens",
                "{\"profile\":\"device\",\"commonName\":\"a*b.example\"}"), 400,
                "commonName 'a*b.example' is not a name or pattern: use an exact value, '*.example.com' for any name "
                        + "below example.com, or '*' for any (at most 64 characters)");
        for (String san : new String[] {"bad_pattern..", "a..example", "-lead.example", "*.", "*.*.example"}) {
            assertProblem(c.postJson(c.admin(), "/api/v1/enrollment-tokens",
                    "{\"profile\":\"device\",\"sans\":[\"" + san + "\"]}"), 400,
                    "sans entry '" + san + "' is not a host name, *.domain pattern or IP address");
        }
        assertThat(c.postJson(c.admin(), "/api/v1/enrollment-tokens", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void createWhenNoAdministratorCertificateThen401() {
        HallmarkClient c = client();
        assertThat(c.postJson(c.anonymous(), "/api/v1/enrollment-tokens", "{\"profile\":\"device\"}").statusCode())
                .isEqualTo(401);
    }

    @Test
    void issueWhenBearerTokenWithCurlThenCertificateInTheTokensProfileAndTokenUsed() {
        Tokens.Token token = Tokens.create(client(), "{\"profile\":\"device\",\"commonName\":\"*.fleet.example\","
                + "\"sans\":[\"*.fleet.example\"]}");
        var result = Shell.run(dir, """
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout req.key \\
                  -subj /CN=pump-7.fleet.example -addext subjectAltName=DNS:pump-7.fleet.example -out req.csr 2>/dev/null
                curl -sS --fail-with-body --cacert ROOT -H "Authorization: Bearer TOKEN" --data-binary @req.csr \\
                  URL/api/v1/certificates -o chain.pem -w '%{http_code}\\n'
                openssl x509 -in chain.pem -noout -subject -ext subjectAltName,extendedKeyUsage
                """.replace("ROOT", client().bootstrap("root-ca.pem").toString()).replace("TOKEN", token.token())
                .replace("URL", "https://localhost:" + httpsPort)).assertSuccess();
        assertThat(result.stdout()).startsWith("201").contains("subject=CN = pump-7.fleet.example")
                .contains("DNS:pump-7.fleet.example").contains("TLS Web Client Authentication");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("used");

        JsonNode listed = tokenJson(token.id());
        assertThat(listed.get("certificateSerial").asText()).matches("[0-9A-F]+");
        assertThat(listed.get("usedAt").isNull()).isFalse();
    }

    @Test
    void issueWhenTokenUsedAgainThen401ProblemAndRefusalAudited() {
        Tokens.Token token = Tokens.device(client(), "reuse-1");
        assertThat(bearer(token, TestCsrs.csr().subject("CN=reuse-1").pem(), null).statusCode()).isEqualTo(201);

        var again = bearer(token, TestCsrs.csr().subject("CN=reuse-1").pem(), null);
        assertProblem(again, 401, "enrollment token " + token.id() + " has already been used");

        HallmarkClient c = client();
        var audit = c.get(c.admin(), "/api/v1/audit-events?actor=token:" + token.id(), "application/json");
        assertThat(audit.body()).contains("REFUSED").contains("has already been used").contains("SUCCESS");
    }

    @Test
    void issueWhenTokenExpiredThen401() throws Exception {
        Tokens.Token token = Tokens.create(client(), "{\"profile\":\"device\",\"commonName\":\"late-1\",\"expiresIn\":\"PT1S\"}");
        Thread.sleep(1500);
        var response = bearer(token, TestCsrs.csr().subject("CN=late-1").pem(), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(detail(response)).startsWith("enrollment token " + token.id() + " expired at ");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("expired");
    }

    @Test
    void issueWhenTokenRevokedThen401AndRevokeShowsState() {
        Tokens.Token token = Tokens.device(client(), "revoked-1");
        HallmarkClient c = client();
        var revoked = HallmarkClient.send(c.admin(), HttpRequest.newBuilder(c.https("/api/v1/enrollment-tokens/"
                + token.id())).DELETE().build());
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(Json.parse(revoked.body()).get("state").asText()).isEqualTo("revoked");

        assertProblem(bearer(token, TestCsrs.csr().subject("CN=revoked-1").pem(), null), 401,
                "enrollment token " + token.id() + " has been revoked");
        var unknown = HallmarkClient.send(c.admin(), HttpRequest.newBuilder(c.https("/api/v1/enrollment-tokens/nope"))
                .DELETE().build());
        assertProblem(unknown, 404, "no enrollment token with id nope");
    }

    @Test
    void issueWhenCsrOutsideTokenBoundsThen403AndTokenStillUnused() {
        Tokens.Token token = Tokens.create(client(), "{\"profile\":\"device\",\"commonName\":\"cam-1\",\"sans\":[\"cam-1.example\"]}");
        assertProblem(bearer(token, TestCsrs.csr().subject("CN=cam-2").pem(), null), 403,
                "common name 'cam-2' is not the one this credential allows ('cam-1')");
        assertProblem(bearer(token, TestCsrs.csr().subject("CN=cam-1").dns("cam-1.example", "evil.example").pem(), null),
                403, "SAN DNS:evil.example is not among the names this credential allows");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("unused");
        assertThat(bearer(token, TestCsrs.csr().subject("CN=cam-1").dns("cam-1.example").pem(), null).statusCode())
                .isEqualTo(201);
    }

    @Test
    void issueWhenProfileDiffersFromTokensThen403() {
        Tokens.Token token = Tokens.device(client(), "prof-1");
        assertProblem(bearer(token, TestCsrs.csr().subject("CN=prof-1").dns("prof-1.example").pem(), "profile=server"),
                403, "enrollment token " + token.id() + " is for profile 'device', not 'server'");
        assertThat(bearer(token, TestCsrs.csr().subject("CN=prof-1").pem(), "profile=device").statusCode())
                .isEqualTo(201);
    }

    @Test
    void issueWhenGarbageBearerThen401() {
        var response = bearer(new Tokens.Token("x", "not-a-token"), TestCsrs.csr().subject("CN=x").pem(), null);
        assertProblem(response, 401, "the enrollment token is not in the form this server issues (<id>.<secret>)");
    }

    @Test
    void issueWhenSameTokenFromManyThreadsThenExactlyOneCertificate() throws Exception {
        Tokens.Token token = Tokens.device(client(), "race-1");
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String csr = TestCsrs.csr().subject("CN=race-1").pem();
                results.add(pool.submit(() -> {
                    start.await();
                    return bearer(token, csr, null);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : results) {
                statuses.add(f.get().statusCode());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 401).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        HallmarkClient c = client();
        var issued = c.get(c.admin(), "/api/v1/certificates?q=race-1", "application/json");
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(Json.parse(issued.body()).get("totalItems").asLong()).isEqualTo(1);
    }

    private HttpResponse<String> bearer(Tokens.Token token, String csrPem, String query) {
        HallmarkClient c = client();
        return HallmarkClient.send(c.anonymous(), HttpRequest.newBuilder(c.https("/api/v1/certificates"
                + (query == null ? "" : "?" + query))).header("Content-Type", "application/pkcs10")
                .header("Authorization", "Bearer " + token.token())
                .POST(HttpRequest.BodyPublishers.ofString(csrPem)).build());
    }

    private JsonNode tokenJson(String id) {
        HallmarkClient c = client();
        for (JsonNode t : Json.parse(c.get(c.admin(), "/api/v1/enrollment-tokens", "application/json").body())) {
            if (t.get("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError(id);
    }

    private static String detail(HttpResponse<String> response) {
        return Json.parse(response.body()).get("detail").asText();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(detail(response)).isEqualTo(detail);
    }
}
