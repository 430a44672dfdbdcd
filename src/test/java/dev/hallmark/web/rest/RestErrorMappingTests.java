package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * How the REST API answers what is not a policy question: search parameters it does not know, bodies labelled as
 * forms (curl's default), bodies over the limit whatever their label.
 */
class RestErrorMappingTests extends ServiceTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Autowired
    CertificateRepository certificates;

    @Test
    void listWhenStatusUnknownThen400NamingTheStatuses() {
        var response = client().get(client().admin(), "/api/v1/certificates?status=bogus", "application/json");
        assertProblem(response, 400, "invalid-request", "status must be valid, revoked or expired");
    }

    @Test
    void listWhenSortFieldUnknownThen400NamingTheFields() {
        var response = client().get(client().admin(), "/api/v1/certificates?sort=colour", "application/json");
        assertProblem(response, 400, "invalid-request", "sort must be one of [createdAt, notAfter, notBefore, serial, "
                + "subject, profile], optionally with ,asc or ,desc");
    }

    @Test
    void listWhenSortIsOnlyACommaThen400Not500() {
        var response = client().get(client().admin(), "/api/v1/certificates?sort=,", "application/json");
        assertProblem(response, 400, "invalid-request", "sort must be one of [createdAt, notAfter, notBefore, serial, "
                + "subject, profile], optionally with ,asc or ,desc");
    }

    @Test
    void issueWhenDerCsrLabelledAsFormThenIssuedFromTheBytesAsSent() throws Exception {
        byte[] der = TestCsrs.csr().subject("CN=form-der.example").dns("form-der.example").build().getEncoded();
        var response = send(HttpRequest.newBuilder(client().https("/api/v1/certificates?profile=server"))
                .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofByteArray(der)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.US_ASCII)));
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=form-der.example");
    }

    @Test
    void issueWhenFormLabelledBodyOverLimitThen413ProblemAndNothingStored() {
        long before = certificates.count();
        var response = send(HttpRequest.newBuilder(client().https("/api/v1/certificates"))
                .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString("A=".repeat(50_000))).build());
        assertProblem(response, 413, "payload-too-large", "the request body exceeds the limit of 65536 bytes");
        assertThat(certificates.count()).isEqualTo(before);
    }

    @Test
    void createAdministratorWhenJsonOverLimitThen413Problem() {
        String json = "{\"name\":\"big\",\"role\":\"AUDITOR\",\"csr\":\"" + "A".repeat(70_000) + "\"}";
        var response = client().postJson(client().admin(), "/api/v1/admins", json);
        assertProblem(response, 413, "payload-too-large", "the request body exceeds the limit of 65536 bytes");
    }

    private HttpResponse<String> send(HttpRequest request) {
        return HallmarkClient.send(client().admin(), request);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:hallmark:problem:" + type);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        assertThat(response.body()).doesNotContain("Exception");
    }
}
