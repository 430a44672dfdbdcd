package dev.hallmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Pkcs12s;
import dev.hallmark.support.PrometheusServer;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The metrics as an operator gets them: Debian's Prometheus, configured as docs/prometheus/prometheus.yml
 * says (HTTPS, the administrator's certificate and key as PEM files, the alert rules of
 * docs/prometheus/hallmark-rules.yml), scrapes the running service every second; the test acts on
 * the service and reads the counters back through Prometheus's query API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeTests extends ServiceTest {

    private static final Path DOCS = Path.of("docs", "prometheus");
    private static final Pattern HALLMARK_SERIES = Pattern.compile("\\bhallmark_[a-z_]+");

    private Path dir;
    private PrometheusServer prometheus;
    private Revocations revocations;

    @BeforeAll
    void startPrometheus() throws IOException {
        Tools.require("prometheus");
        HallmarkClient c = client();
        dir = newDataDir("prometheus");
        // the files docs/operations.md has an operator put beside prometheus.yml
        Files.copy(c.bootstrap("root-ca.pem"), dir.resolve("root-ca.pem"));
        Files.copy(c.bootstrap("admin.crt"), dir.resolve("prometheus.crt"));
        Files.copy(c.bootstrap("admin.key"), dir.resolve("prometheus.key"), StandardCopyOption.COPY_ATTRIBUTES); // 0600
        Files.copy(DOCS.resolve("hallmark-rules.yml"), dir.resolve("hallmark-rules.yml"));
        String config = Files.readString(DOCS.resolve("prometheus.yml"))
                .replace("/etc/prometheus/hallmark/", dir + "/")
                .replace("ca.example.com:8443", "localhost:" + httpsPort)
                .replace("scrape_interval: 30s", "scrape_interval: 1s")
                .replace("evaluation_interval: 30s", "evaluation_interval: 1s")
                .replace("scrape_timeout: 10s", "scrape_timeout: 1s");
        assertThat(config).contains(dir + "/prometheus.key", "localhost:" + httpsPort, "scrape_interval: 1s");
        prometheus = PrometheusServer.start(dir, config);
        revocations = new Revocations(c, dir.resolve("certificates"));
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void scrapeWhenAdministratorCertificateThenTargetUpAndEveryAlertRuleEvaluatesOnExportedSeries() throws Exception {
        prometheus.awaitScrapeOfNow();

        assertThat(prometheus.target().get("scrapeUrl").asText())
                .isEqualTo("https://localhost:" + httpsPort + "/actuator/prometheus");
        assertThat(prometheus.query("max_over_time(up{job=\"hallmark\"}[1m]) == 1")).hasSize(1);
        List<JsonNode> rules = awaitEvaluatedRules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(6)
                .allSatisfy(rule -> assertThat(rule.get("health").asText()).as(rule.toString()).isEqualTo("ok"));
        // a rule on a misspelt series would evaluate "ok" and never fire: every name must be exported
        for (String series : seriesNamedIn(DOCS.resolve("hallmark-rules.yml"))) {
            assertThat(prometheus.series(series)).as(series).isNotEmpty();
        }
    }

    @Test
    void countersWhenCertificatesIssuedRefusedRevokedAndCheckedThenPrometheusReadsExactlyThoseDeltas() {
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("hallmark_certificates_issued_total{profile=\"server\",outcome=\"success\"}", 2.0);
        expected.put("hallmark_certificates_issued_total{profile=\"server\",outcome=\"refused\"}", 1.0);
        expected.put("hallmark_certificates_issued_total{profile=\"server\",outcome=\"failed\"}", 0.0);
        expected.put("hallmark_certificates_issued_total{profile=\"unknown\",outcome=\"refused\"}", 1.0);
        expected.put("hallmark_issuance_seconds_count{profile=\"server\",outcome=\"success\"}", 2.0);
        expected.put("hallmark_issuance_seconds_bucket{profile=\"server\",outcome=\"success\",le=\"+Inf\"}", 2.0);
        expected.put("hallmark_certificates_revoked_total{reason=\"keyCompromise\"}", 1.0);
        expected.put("hallmark_certificates_revoked_total{reason=\"superseded\"}", 0.0);
        expected.put("hallmark_ocsp_responses_total{status=\"revoked\"}", 2.0);
        expected.put("hallmark_ocsp_responses_total{status=\"good\"}", 2.0);
        expected.put("hallmark_ocsp_responses_total{status=\"malformedRequest\"}", 1.0);
        prometheus.awaitScrapeOfNow();
        Map<String, Double> before = values(expected.keySet());

        var kept = revocations.issue("metrics-kept.example", "server", "metrics-kept.example");
        var lost = revocations.issue("metrics-lost.example", "server", "metrics-lost.example");
        var nameless = client().issue(client().admin(), TestCsrs.csr().subject("CN=nameless").pem(), "profile=server");
        assertThat(nameless.statusCode()).as(nameless.body()).isEqualTo(400);
        var noSuchProfile = client().issue(client().admin(), TestCsrs.csr().dns("x.example").pem(),
                "profile=metrics-no-such-profile");
        assertThat(noSuchProfile.statusCode()).as(noSuchProfile.body()).isEqualTo(400);
        revocations.revoke(lost.serial(), "keyCompromise");
        assertThat(ocsp(lost, "-no_nonce")).contains(": revoked"); // the pre-signed answer
        assertThat(ocsp(lost)).contains(": revoked"); // with openssl's nonce: signed for the request
        assertThat(ocsp(kept, "-no_nonce")).contains(": good"); // signed and cached
        assertThat(ocsp(kept, "-no_nonce")).contains(": good"); // from the cache
        HttpResponse<String> malformed = HallmarkClient.send(HttpClient.newHttpClient(),
                HttpRequest.newBuilder(client().http("/ocsp")).header("Content-Type", "application/ocsp-request")
                        .POST(HttpRequest.BodyPublishers.ofString("not DER")).build());
        assertThat(malformed.statusCode()).isEqualTo(200);
        prometheus.awaitScrapeOfNow();

        Map<String, Double> deltas = new LinkedHashMap<>();
        values(expected.keySet()).forEach((series, after) -> deltas.put(series, after - before.get(series)));
        assertThat(deltas).containsExactlyEntriesOf(expected);
        // what a requester named is never a label value
        assertThat(prometheus.query("{__name__=~\"hallmark_.*\",profile=\"metrics-no-such-profile\"}[5m]")).isEmpty();
    }

    @Test
    void estEnrollmentsWhenEnrolledThenTokenReusedOrBodyTooLargeThenPrometheusCountsSuccessAndRefusalsNotTheChallenge()
            throws IOException {
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("hallmark_est_enrollments_total{operation=\"simpleenroll\",outcome=\"success\"}", 1.0);
        expected.put("hallmark_est_enrollments_total{operation=\"simpleenroll\",outcome=\"refused\"}", 2.0);
        expected.put("hallmark_est_enrollments_total{operation=\"simpleenroll\",outcome=\"failed\"}", 0.0);
        expected.put("hallmark_certificates_issued_total{profile=\"device\",outcome=\"success\"}", 1.0);
        prometheus.awaitScrapeOfNow();
        Map<String, Double> before = values(expected.keySet());

        Tokens.Token token = Tokens.device(client(), "metrics-device-1");
        String csr = Base64.getMimeEncoder().encodeToString(TestCsrs.csr().subject("CN=metrics-device-1").build()
                .getEncoded());
        assertThat(simpleEnroll(csr, null).statusCode()).isEqualTo(401); // the challenge before credentials
        assertThat(simpleEnroll(csr, token).statusCode()).isEqualTo(200);
        HttpResponse<String> reused = simpleEnroll(csr, token);
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.body()).contains("has already been used");
        // over the body limit (64KB): refused like any request the service turns away, though EST reads the body
        Tokens.Token unused = Tokens.device(client(), "metrics-device-2");
        HttpResponse<String> tooLarge = simpleEnroll("A".repeat(70_000), unused);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("the request body exceeds the limit of 65536 bytes\n");
        prometheus.awaitScrapeOfNow();

        Map<String, Double> deltas = new LinkedHashMap<>();
        values(expected.keySet()).forEach((series, after) -> deltas.put(series, after - before.get(series)));
        assertThat(deltas).containsExactlyEntriesOf(expected);
    }

    @Test
    void gaugesWhenScrapedThenCaExpiryAndCrlAgeMatchTheCertificatesAndCrlServed() throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509CRL crl = (X509CRL) x509.generateCRL(new ByteArrayInputStream(revocations.fetch("/crl")));
        X509Certificate root = client().root();
        X509Certificate issuing = (X509Certificate) x509.generateCertificates(
                Files.newInputStream(client().bootstrap("ca-chain.pem"))).iterator().next();
        X509Certificate responder = (X509Certificate) x509.generateCertificate(
                Files.newInputStream(DATA_DIR.resolve("ca").resolve("ocsp.crt")));
        prometheus.awaitScrapeOfNow();

        // at the scrape's own time: scrape time + seconds left = notAfter, scrape time - age = thisUpdate
        assertThat(untilAtScrape("hallmark_ca_expiry_seconds{ca=\"root\"}"))
                .isCloseTo(epoch(root.getNotAfter().toInstant()), within(2.0));
        assertThat(untilAtScrape("hallmark_ca_expiry_seconds{ca=\"issuing\"}"))
                .isCloseTo(epoch(issuing.getNotAfter().toInstant()), within(2.0));
        assertThat(untilAtScrape("hallmark_service_certificate_expiry_seconds{certificate=\"ocsp-responder\"}"))
                .isCloseTo(epoch(responder.getNotAfter().toInstant()), within(2.0));
        PrometheusServer.Sample age = prometheus.last("hallmark_crl_age_seconds{ca=\"issuing\"}");
        assertThat(age.timestamp() - age.value()).isCloseTo(epoch(crl.getThisUpdate().toInstant()), within(2.0));
        assertThat(prometheus.value("hallmark_crl_validity_seconds{ca=\"issuing\"}"))
                .isEqualTo((double) Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant())
                        .toSeconds());
        assertThat(prometheus.series("hallmark_crl_age_seconds{ca=\"root\"}")).hasSize(1);
    }

    @Test
    void scrapeWhenSpringBootMetersThenJvmHttpServerAndConnectionPoolSeriesExported() {
        prometheus.awaitScrapeOfNow();

        assertThat(prometheus.series("jvm_memory_used_bytes{area=\"heap\"}")).isNotEmpty();
        assertThat(prometheus.series("http_server_requests_seconds_count{uri=\"/api/v1/certificates\"}")).isNotEmpty();
        assertThat(prometheus.series("hikaricp_connections_active")).isNotEmpty();
        assertThat(prometheus.series("process_uptime_seconds")).isNotEmpty();
    }

    @Test
    void prometheusWhenAuditorOrOperatorCertificateThen200() {
        for (String role : List.of("AUDITOR", "OPERATOR")) {
            HttpResponse<String> response = client().get(administrator("metrics-" + role.toLowerCase(), role),
                    "/actuator/prometheus", "text/plain");
            assertThat(response.statusCode()).as(role).isEqualTo(200);
            assertThat(response.body()).as(role).contains("hallmark_certificates_issued_total{");
        }
    }

    @Test
    void prometheusWhenNoClientCertificateThen401Problem() {
        HttpResponse<String> response = client().get(client().anonymous(), "/actuator/prometheus", "text/plain");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(response.body()).get("title").asText()).isEqualTo("A client certificate of this CA is required");
    }

    @Test
    void prometheusWhenPlainClientCertificateOfThisCaThen403Problem() {
        TestCsrs csr = TestCsrs.csr().subject("CN=metrics-worker");
        HttpResponse<String> issued = client().issue(client().admin(), csr.pem(), "profile=client");
        assertThat(issued.statusCode()).isEqualTo(201);
        HttpClient worker = client().withPkcs12(Pkcs12s.of(csr.keys(), issued.body()),
                Pkcs12s.PASSWORD);

        HttpResponse<String> response = client().get(worker, "/actuator/prometheus", "text/plain");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Json.parse(response.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:forbidden");
    }

    @Test
    void prometheusWhenPlainHttpPortThen404() {
        HttpResponse<String> response = HallmarkClient.send(HttpClient.newHttpClient(),
                HttpRequest.newBuilder(client().http("/actuator/prometheus")).GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("hallmark_");
    }

    private Map<String, Double> values(Iterable<String> series) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String s : series) {
            values.put(s, prometheus.value(s));
        }
        return values;
    }

    /** Every rule of every group, once Prometheus has evaluated each at least once. */
    private List<JsonNode> awaitEvaluatedRules() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            List<JsonNode> rules = new ArrayList<>();
            prometheus.ruleGroups().forEach(group -> group.get("rules").forEach(rules::add));
            if (!rules.isEmpty() && rules.stream().noneMatch(r -> r.get("health").asText().equals("unknown"))) {
                return rules;
            }
            assertThat(Instant.now()).as("rules evaluated: " + rules).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static TreeSet<String> seriesNamedIn(Path rules) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = HALLMARK_SERIES.matcher(Files.readString(rules));
        while (m.find()) {
            names.add(m.group());
        }
        assertThat(names).contains("hallmark_ca_expiry_seconds", "hallmark_crl_age_seconds");
        return names;
    }

    private String ocsp(Revocations.Issued certificate, String... options) {
        List<String> command = new ArrayList<>(List.of("openssl", "ocsp", "-issuer", "issuing.pem", "-cert",
                certificate.certFile().toString(), "-url", client().http("/ocsp").toString(), "-CAfile", "root.pem",
                "-verify_other", "issuing.pem"));
        command.addAll(List.of(options));
        Tools.Result result = Tools.run(revocations.dir(), command.toArray(String[]::new)).assertSuccess();
        assertThat(result.stderr()).contains("Response verify OK");
        return result.stdout();
    }

    private HttpResponse<String> simpleEnroll(String base64Csr, Tokens.Token token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client().https("/.well-known/est/simpleenroll"))
                .header("Content-Type", "application/pkcs10").header("Content-Transfer-Encoding", "base64")
                .POST(HttpRequest.BodyPublishers.ofString(base64Csr));
        if (token != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (token.id() + ":" + token.token()).getBytes(StandardCharsets.UTF_8)));
        }
        return HallmarkClient.send(client().anonymous(), request.build());
    }

    private HttpClient administrator(String name, String role) {
        HallmarkClient c = client();
        HttpResponse<String> created = c.postJson(c.admin(), "/api/v1/admins",
                "{\"name\":" + Json.quote(name) + ",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = Json.parse(created.body());
        return c.withPkcs12(Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray());
    }

    /** The scrape's time plus the seconds left it read: the instant the gauge counts down to. */
    private double untilAtScrape(String selector) {
        PrometheusServer.Sample left = prometheus.last(selector);
        return left.timestamp() + left.value();
    }

    private static double epoch(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}
