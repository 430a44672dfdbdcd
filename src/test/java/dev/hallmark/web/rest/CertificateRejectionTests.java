package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.web.problem.ProblemType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Every bad request gets a specific RFC 9457 problem, the right status, and leaves nothing stored. */
class CertificateRejectionTests extends ServiceTest {

    @Autowired
    CertificateRepository certificates;

    @Test
    void issueWhenBodyIsNotACsrThenMalformedCsr() {
        assertRejected(() -> issuePem("hello, I am not a CSR", "profile=server"), 400, "malformed-csr",
                "the body is not a PKCS#10 certificate request (PEM or DER)");
    }

    @Test
    void issueWhenPemIsTruncatedThenMalformedCsr() {
        String pem = validServerCsr();
        assertRejected(() -> issuePem(pem.substring(0, pem.length() / 2), "profile=server"), 400, "malformed-csr",
                "the PEM is damaged or truncated: -----END CERTIFICATE REQUEST----- not found");
    }

    @Test
    void issueWhenPemHoldsTwoCsrsThenMalformedCsr() {
        assertRejected(() -> issuePem(validServerCsr() + validServerCsr(), "profile=server"), 400, "malformed-csr",
                "the PEM holds 2 blocks; send exactly one certificate request");
    }

    @Test
    void issueWhenSignatureDoesNotVerifyThenBadCsrSignature() throws Exception {
        byte[] der = TestCsrs.csr().subject("CN=a.example").dns("a.example").build().getEncoded();
        der[der.length - 5] ^= 0x01;
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        assertRejected(() -> issuePem(pem, "profile=server"), 400, "bad-csr-signature",
                "the CSR's signature does not verify with its public key (proof of possession failed)");
    }

    @Test
    void issueWhenRsa1024ThenWeakKey() {
        String pem = TestCsrs.csr().keys(TestCsrs.rsaKey(1024)).subject("CN=a.example").dns("a.example").pem();
        assertRejected(() -> issuePem(pem, "profile=server"), 400, "weak-key",
                "RSA key of 1024 bits is too weak; use at least 2048 bits");
    }

    @Test
    void issueWhenUnsupportedCurveThenUnsupportedKey() {
        String pem = TestCsrs.csr().keys(TestCsrs.ecKey("secp256k1")).subject("CN=a.example").dns("a.example").pem();
        assertRejected(() -> issuePem(pem, "profile=server"), 400, "unsupported-key",
                "EC curve secp256k1 is not supported; use P-256, P-384 or P-521");
    }

    @Test
    void issueWhenCsrAsksForCaThenCaRequested() {
        String pem = TestCsrs.csr().subject("CN=a.example").dns("a.example")
                .extension(Extension.basicConstraints, true, new BasicConstraints(true)).pem();
        assertRejected(() -> issuePem(pem, "profile=server"), 400, "ca-requested",
                "the CSR asks for basicConstraints cA=true; profile 'server' issues end-entity certificates only");
    }

    @Test
    void issueWhenCsrAsksForKeyCertSignThenCaRequested() {
        String pem = TestCsrs.csr().subject("CN=a.example").dns("a.example")
                .extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)).pem();
        assertRejected(() -> issuePem(pem, "profile=server"), 400, "ca-requested",
                "the CSR asks for keyUsage keyCertSign; profile 'server' issues end-entity certificates only");
    }

    @Test
    void issueWhenSanTypeForbiddenByProfileThenForbiddenName() {
        String pem = TestCsrs.csr().subject("CN=worker").ip("10.0.0.1").pem();
        assertRejected(() -> issuePem(pem, "profile=client"), 400, "forbidden-name",
                "SAN type IP (10.0.0.1) is not allowed by profile 'client'");
    }

    @Test
    void issueWhenServerWithoutHostNameThenMissingName() {
        String pem = TestCsrs.csr().subject("CN=no-sans.example").pem();
        assertRejected(() -> issuePem(pem, "profile=server"), 400, "missing-name", "profile 'server' requires at least one "
                + "DNS or IP subjectAltName (openssl: -addext \"subjectAltName=DNS:host.example\")");
    }

    @Test
    void issueWhenValidityOverProfileMaximumThenInvalidValidity() {
        assertRejected(() -> issuePem(validServerCsr(), "profile=server&validityDays=1000"), 400, "invalid-validity",
                "validityDays 1000 exceeds the maximum of 398 for profile 'server'");
    }

    @Test
    void issueWhenUnknownProfileThenUnknownProfile() {
        assertRejected(() -> issuePem(validServerCsr(), "profile=nope"), 400, "unknown-profile",
                "unknown profile 'nope'; GET /api/v1/profiles lists them");
    }

    @Test
    void issueWhenAdminProfileThroughCertificatesThenRestrictedProfile() {
        String pem = TestCsrs.csr().subject("CN=sneaky").pem();
        assertRejected(() -> issuePem(pem, "profile=admin"), 403, "restricted-profile",
                "profile 'admin' is issued only through its own endpoint (administrators: POST /api/v1/admins)");
    }

    @Test
    void issueWhenBodyOverLimitThen413Problem() {
        String huge = "A".repeat(200 * 1024);
        assertRejected(() -> issuePem(huge, "profile=server"), 413, "payload-too-large",
                "the request body exceeds the limit of 65536 bytes");
    }

    @Test
    void issueWhenChunkedBodyOverLimitThen413Problem() {
        long before = certificates.count();
        var response = HallmarkClient.send(client().admin(), HttpRequest.newBuilder(client().https("/api/v1/certificates"))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[300 * 1024])))
                .build());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(certificates.count()).isEqualTo(before);
    }

    @Test
    void issueWhenWrongContentTypeThen415() {
        var response = HallmarkClient.send(client().admin(), HttpRequest.newBuilder(client().https("/api/v1/certificates"))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString("<csr/>")).build());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Json.parse(response.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:unsupported-media-type");
    }

    @Test
    void issueWhenJsonHasUnknownFieldThen400NamingIt() {
        String json = "{\"csr\":" + Json.quote(validServerCsr()) + ",\"profile\":\"server\",\"colour\":\"blue\"}";
        long before = certificates.count();
        var response = client().postJson(client().admin(), "/api/v1/certificates", json);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body()).get("detail").asText()).isEqualTo("unknown JSON field: colour");
        assertThat(certificates.count()).isEqualTo(before);
    }

    @Test
    void issueWhenJsonWithoutCsrThen400() {
        var response = client().postJson(client().admin(), "/api/v1/certificates", "{\"profile\":\"server\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body()).get("detail").asText()).startsWith("csr ");
    }

    @Test
    void revokeWhenAlreadyRevokedThen409AndWhenUnknownThen404() {
        var issued = issuePem(validServerCsr(), "profile=server");
        String serial = issued.headers().firstValue("Location").orElseThrow().replace("/api/v1/certificates/", "");
        assertThat(client().postJson(client().admin(), "/api/v1/certificates/" + serial + "/revoke",
                "{\"reason\":\"superseded\"}").statusCode()).isEqualTo(200);
        var again = client().postJson(client().admin(), "/api/v1/certificates/" + serial + "/revoke",
                "{\"reason\":\"superseded\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Json.parse(again.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:already-revoked");
        var unknown = client().postJson(client().admin(), "/api/v1/certificates/0A0B0C/revoke", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        var badReason = client().postJson(client().admin(), "/api/v1/certificates/" + serial + "/revoke",
                "{\"reason\":\"because\"}");
        assertThat(badReason.statusCode()).isEqualTo(400);
    }

    @Test
    void getWhenSerialNotHexThen400() {
        var response = client().get(client().admin(), "/api/v1/certificates/not-a-serial", "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body()).get("detail").asText())
                .isEqualTo("'not-a-serial' is not a hexadecimal serial number");
    }

    private String validServerCsr() {
        return TestCsrs.csr().subject("CN=ok.example").dns("ok.example").pem();
    }

    private HttpResponse<String> issuePem(String body, String query) {
        return client().issue(client().admin(), body, query);
    }

    /**
     * Sends the request and asserts status, problem type and detail, that no stack trace leaked, and
     * that nothing was stored. The count is taken before the request is sent: counted after, as it
     * was, "nothing stored" compared the store with itself and could not fail.
     */
    private void assertRejected(Supplier<HttpResponse<String>> request, int status, String type, String detail) {
        long stored = certificates.count();
        HttpResponse<String> response = request.get();
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:hallmark:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isEqualTo(ProblemType.valueOf(type.toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_')).title());
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(certificates.count()).isEqualTo(stored);
    }
}
