package dev.hallmark.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.bootstrap.OcspResponderRenewal;
import dev.hallmark.bootstrap.ServiceBootstrap;
import dev.hallmark.signing.CertificateFiles;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Shell;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issuance stops, for every front end, when the issuing CA cannot back the certificate: revoked,
 * or ending before the certificate would. REST answers 503 problem+json, EST 503 text/plain,
 * nothing is stored, and the metrics count the request as failed. The service's own certificates
 * end with the CA instead of being refused.
 */
class IssuingCaStandingTests {

    private static final String TITLE = "The issuing CA cannot issue this certificate";

    @Test
    void issueWhenIssuingCaEndsBeforeTheCertificateThen503NamingTheDaysLeftAndServiceCertificatesEndWithTheCa()
            throws Exception {
        Path dataDir = ServiceTest.newDataDir("ca-near-expiry");
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null,
                "--hallmark.ca.issuing-validity=20d")) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            Instant caEnd = issuingCa(dataDir).getNotAfter().toInstant();

            // the client profile's default of 90 days
            var refused = client.issue(client.admin(), TestCsrs.csr().subject("CN=late-alice").pem(), "profile=client");
            assertProblem(refused, "the issuing CA certificate expires at " + caEnd + ", before the requested end ",
                    "; ask for at most 19 days");
            var tooMany = client.issue(client.admin(), TestCsrs.csr().subject("CN=late-alice").pem(),
                    "profile=client&validityDays=20");
            assertProblem(tooMany, "the issuing CA certificate expires at " + caEnd, "; ask for at most 19 days");
            assertThat(certificatesNamed(client, "late-alice")).isZero();

            var issued = client.issue(client.admin(), TestCsrs.csr().subject("CN=late-bob").pem(),
                    "profile=client&validityDays=19");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            Files.writeString(dataDir.resolve("late-bob.pem"), issued.body());
            Tools.run(dataDir, "openssl", "verify", "-x509_strict", "-CAfile",
                    dataDir.resolve("bootstrap/root-ca.pem").toString(), "-untrusted",
                    dataDir.resolve("late-bob.pem").toString(), dataDir.resolve("late-bob.pem").toString())
                    .assertSuccess();

            // EST: the device profile's default of a year
            Tokens.Token token = Tokens.device(client, "late-device");
            Tools.Result est = simpleEnroll(client, dataDir, token, "late-device");
            assertThat(est.stdout()).startsWith("503 the issuing CA certificate expires at " + caEnd)
                    .contains("; ask for at most 19 days");
            assertThat(Files.readString(dataDir.resolve("out.headers"))).containsIgnoringCase("Content-Type: text/plain");
            assertThat(Tokens.state(client, token.id())).isEqualTo("unused");
            assertThat(certificatesNamed(client, "late-device")).isZero();

            // the service's own certificates end with the CA rather than be refused, and are not reissued daily
            X509Certificate tls = (X509Certificate) client.get(client.anonymous(), "/actuator/health",
                    "application/json").sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(tls.getNotAfter().toInstant()).isEqualTo(caEnd);
            assertThat(CertificateFiles.readOne(Files.readAllBytes(dataDir.resolve("ca/ocsp.crt"))).getNotAfter()
                    .toInstant()).isEqualTo(caEnd);
            assertThat(service.getBean(ServiceBootstrap.class).ensureTlsCertificate()).isFalse();
            // the first administrator, whom nobody could ask again, gets the whole days the CA has left
            Instant adminEnd = CertificateFiles.readAll(Files.readAllBytes(dataDir.resolve("bootstrap/admin.crt")))
                    .get(0).getNotAfter().toInstant();
            assertThat(adminEnd).isBeforeOrEqualTo(caEnd).isAfter(caEnd.minus(java.time.Duration.ofDays(1)));
        }
    }

    @Test
    void issueWhenIssuingCaRevokedByAnAdministratorThen503ForRestAndEstAndNothingIsIssuedToTheServiceEither()
            throws Exception {
        Path dataDir = ServiceTest.newDataDir("ca-revoked");
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null)) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            Tokens.Token token = Tokens.device(client, "orphan-device");
            String caSerial = issuingCa(dataDir).getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
            var revoked = client.postJson(client.admin(), "/api/v1/certificates/" + caSerial + "/revoke",
                    "{\"reason\":\"cACompromise\"}");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            String revokedAt = Json.parse(client.get(client.admin(), "/api/v1/certificates/" + caSerial,
                    "application/json").body()).get("revokedAt").asText();
            String reason = "the issuing CA certificate (serial " + Serials.hex(issuingCa(dataDir).getSerialNumber())
                    + ") was revoked at " + Instant.parse(revokedAt) + "; no certificate can be issued under it";

            var rest = client.issue(client.admin(), TestCsrs.csr().subject("CN=orphan.example").dns("orphan.example")
                    .pem(), "profile=server&validityDays=30");
            assertProblem(rest, reason, "");
            Tools.Result est = simpleEnroll(client, dataDir, token, "orphan-device");
            assertThat(est.stdout()).isEqualTo("503 " + reason + "\n");
            assertThat(Tokens.state(client, token.id())).isEqualTo("unused");
            assertThat(certificatesNamed(client, "orphan")).isZero();
            var audit = client.get(client.admin(), "/api/v1/audit-events?action=certificate.issue", "application/json");
            assertThat(audit.body()).contains(reason);
            // the metrics count both as failed, as the audit trail does: the service, not the request, is at fault
            var metrics = client.get(client.admin(), "/actuator/prometheus", "text/plain");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains(
                    "hallmark_certificates_issued_total{outcome=\"failed\",profile=\"server\"} 1.0\n",
                    "hallmark_certificates_issued_total{outcome=\"failed\",profile=\"device\"} 1.0\n",
                    "hallmark_est_enrollments_total{operation=\"simpleenroll\",outcome=\"failed\"} 1.0\n",
                    "hallmark_certificates_issued_total{outcome=\"refused\",profile=\"server\"} 0.0\n",
                    "hallmark_est_enrollments_total{operation=\"simpleenroll\",outcome=\"refused\"} 0.0\n");

            // a revoked CA issues nothing to the service either; its current certificates stay in use
            assertThat(service.getBean(ServiceBootstrap.class).ensureTlsCertificate()).isFalse();
            Files.delete(dataDir.resolve("ca/tls.crt"));
            assertThatThrownBy(() -> service.getBean(ServiceBootstrap.class).ensureTlsCertificate())
                    .isInstanceOf(IssuingCaUnavailableException.class).hasMessage(reason);
            Files.delete(dataDir.resolve("ca/ocsp.crt"));
            assertThatThrownBy(() -> service.getBean(OcspResponderRenewal.class).run())
                    .isInstanceOf(IssuingCaUnavailableException.class).hasMessage(reason);
        }
    }

    private static void assertProblem(HttpResponse<String> response, String detailStart, String detailEnd) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:hallmark:problem:issuing-ca-unavailable");
        assertThat(problem.get("title").asText()).isEqualTo(TITLE);
        assertThat(problem.get("detail").asText()).startsWith(detailStart).endsWith(detailEnd);
    }

    /** EST as RFC 7030 appendix A does it: curl with the token as HTTP Basic, a base64 CSR from openssl. */
    private static Tools.Result simpleEnroll(HallmarkClient client, Path dir, Tokens.Token token, String commonName) {
        return Shell.run(dir, "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout est.key"
                + " -subj /CN=" + commonName + " -outform DER -out est.der 2>/dev/null\n"
                + "openssl base64 -in est.der -out est.b64\n"
                + "curl -sS --cacert " + client.bootstrap("root-ca.pem") + " -u " + token.id() + ":" + token.token()
                + " -H 'Content-Type: application/pkcs10' -H 'Content-Transfer-Encoding: base64' --data-binary @est.b64"
                + " https://localhost:" + client.httpsPort() + "/.well-known/est/simpleenroll"
                + " -D out.headers -o out.body -w '%{http_code} '\ncat out.body\n");
    }

    private static long certificatesNamed(HallmarkClient client, String text) {
        var response = client.get(client.admin(), "/api/v1/certificates?q=" + text, "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body()).get("totalItems").asLong();
    }

    private static X509CertificateHolder issuingCa(Path dataDir) throws Exception {
        return CertificateFiles.readOne(Files.readAllBytes(dataDir.resolve("bootstrap/ca-chain.pem")));
    }
}
