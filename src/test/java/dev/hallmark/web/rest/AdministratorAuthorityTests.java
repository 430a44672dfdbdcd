package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Who may change the administrators: revoking an administrator's certificate, a CA certificate or the service's
 * own is an ADMIN's act, and so is creating one (an OPERATOR gets 403, audited as refused), and the last active ADMIN cannot be
 * revoked (409). A service of its own: these tests revoke administrators, and the shared service's
 * bootstrap administrator must stay the only ADMIN here for the 409 to be the one asked about.
 */
class AdministratorAuthorityTests {

    private static ConfigurableApplicationContext service;
    private static HallmarkClient client;

    /** An administrator created through the API, with a client presenting its certificate. */
    private record Admin(String name, String serial, HttpClient http) {
    }

    @BeforeAll
    static void start() {
        var dataDir = ServiceTest.newDataDir("admin-authority");
        service = StandaloneService.start(dataDir, null);
        client = StandaloneService.client(service, dataDir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void revokeWhenOperatorRevokesTheAdminsCertificateThen403StillValidAndAuditedAsRefused() {
        Admin operator = create("operator-1", "OPERATOR");
        String adminSerial = serialOf("admin");

        HttpResponse<String> response = revoke(operator.http(), adminSerial);

        assertProblem(response, 403, "urn:hallmark:problem:forbidden", "certificate " + adminSerial
                + " belongs to the administrator 'admin' (ADMIN); only an ADMIN may revoke an administrator's certificate");
        assertThat(status(adminSerial)).isEqualTo("valid");
        assertThat(client.get(client.admin(), "/api/v1/certificates", "application/json").statusCode()).isEqualTo(200);
        JsonNode refused = lastRevokeAuditedFor(operator);
        assertThat(refused.get("target").asText()).isEqualTo(adminSerial);
        assertThat(refused.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(refused.get("detail").asText()).isEqualTo(Json.parse(response.body()).get("detail").asText());
    }

    @Test
    void revokeWhenOperatorRevokesAnotherOperatorsCertificateThen403() {
        Admin operator = create("operator-2", "OPERATOR");
        Admin other = create("operator-3", "OPERATOR");

        HttpResponse<String> response = revoke(operator.http(), other.serial());

        assertProblem(response, 403, "urn:hallmark:problem:forbidden", "certificate " + other.serial()
                + " belongs to the administrator 'operator-3' (OPERATOR); only an ADMIN may revoke an administrator's"
                + " certificate");
        assertThat(status(other.serial())).isEqualTo("valid");
    }

    @Test
    void revokeWhenOperatorRevokesTheIssuingCaThen403AndStillValid() {
        Admin operator = create("operator-4", "OPERATOR");
        String issuingSerial = Json.parse(client.get(client.admin(), "/api/v1/certificates?profile=issuing-ca",
                "application/json").body()).get("items").get(0).get("serial").asText();

        HttpResponse<String> response = revoke(operator.http(), issuingSerial);

        assertProblem(response, 403, "urn:hallmark:problem:forbidden", "certificate " + issuingSerial
                + " is a CA certificate: revoking it ends every certificate it issued, so only an ADMIN may revoke it");
        assertThat(status(issuingSerial)).isEqualTo("valid");
        assertThat(lastRevokeAuditedFor(operator).get("outcome").asText()).isEqualTo("REFUSED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"service-tls", "ocsp-responder"})
    void revokeWhenOperatorRevokesTheServicesOwnCertificateThen403AndStillValid(String profile) {
        Admin operator = create("operator-" + profile, "OPERATOR");
        String serial = Json.parse(client.get(client.admin(), "/api/v1/certificates?profile=" + profile,
                "application/json").body()).get("items").get(0).get("serial").asText();

        HttpResponse<String> response = revoke(operator.http(), serial);

        assertProblem(response, 403, "urn:hallmark:problem:forbidden", "certificate " + serial
                + " is the service's own (" + profile + "): revoking it breaks the service's HTTPS or OCSP answers"
                + " until it is renewed, so only an ADMIN may revoke it");
        assertThat(status(serial)).isEqualTo("valid");
        assertThat(lastRevokeAuditedFor(operator).get("outcome").asText()).isEqualTo("REFUSED");
    }

    @Test
    void revokeWhenAdminRevokesTheLastActiveAdminThen409StillValidAndAudited() {
        String adminSerial = serialOf("admin");

        HttpResponse<String> response = revoke(client.admin(), adminSerial);

        assertProblem(response, 409, "urn:hallmark:problem:last-admin", "certificate " + adminSerial
                + " belongs to 'admin', the last active ADMIN; without it no one could manage administrators. Create"
                + " another ADMIN first (POST /api/v1/admins), or, without API access, run 'java -jar hallmark.jar"
                + " create-admin --name NAME' on the CA's host");
        assertThat(Json.parse(response.body()).get("title").asText()).isEqualTo("The last active ADMIN cannot be revoked");
        assertThat(status(adminSerial)).isEqualTo("valid");
        assertThat(client.get(client.admin(), "/api/v1/certificates", "application/json").statusCode()).isEqualTo(200);
        var audit = Json.parse(client.get(client.admin(), "/api/v1/audit-events?action=certificate.revoke&actor=admin:admin",
                "application/json").body()).get("items").get(0);
        assertThat(audit.get("target").asText()).isEqualTo(adminSerial);
        assertThat(audit.get("outcome").asText()).isEqualTo("REFUSED");
    }

    @Test
    void revokeWhenAnotherAdminIsActiveThenAnAdminRevokesAnAdmin() {
        Admin second = create("second-admin", "ADMIN");

        HttpResponse<String> response = revoke(client.admin(), second.serial());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.parse(response.body()).get("status").asText()).isEqualTo("revoked");
        var refused = client.get(second.http(), "/api/v1/certificates", "application/json");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Json.parse(refused.body()).get("detail").asText()).isEqualTo("the client certificate has been revoked");
    }

    @Test
    void createWhenOperatorCreatesAnAdministratorThen403NothingCreatedAndAuditedAsRefused() {
        Admin operator = create("operator-5", "OPERATOR");
        int before = Json.parse(client.get(client.admin(), "/api/v1/admins", "application/json").body()).size();

        var response = client.postJson(operator.http(), "/api/v1/admins", "{\"name\":\"usurper\",\"role\":\"ADMIN\"}");

        assertProblem(response, 403, "urn:hallmark:problem:forbidden",
                "the client certificate's role does not permit POST /api/v1/admins");
        assertThat(Json.parse(client.get(client.admin(), "/api/v1/admins", "application/json").body()).size())
                .isEqualTo(before);
        JsonNode refused = Json.parse(client.get(client.admin(), "/api/v1/audit-events?action=access.denied&actor=admin:"
                + operator.name(), "application/json").body()).get("items").get(0);
        assertThat(refused.get("target").asText()).isEqualTo("POST /api/v1/admins");
        assertThat(refused.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(refused.get("detail").asText()).isEqualTo(Json.parse(response.body()).get("detail").asText());
    }

    @Test
    void createWhenAnActiveAdministratorHasTheNameThen409UntilItIsRevoked() {
        Admin first = create("same-name", "AUDITOR");

        var duplicate = client.postJson(client.admin(), "/api/v1/admins", "{\"name\":\"same-name\",\"role\":\"ADMIN\"}");

        assertProblem(duplicate, 409, "urn:hallmark:problem:conflict", "an active administrator named 'same-name'"
                + " exists (certificate " + first.serial() + "); choose another name, or revoke that certificate first");
        assertThat(revoke(client.admin(), first.serial()).statusCode()).isEqualTo(200);
        assertThat(client.postJson(client.admin(), "/api/v1/admins", "{\"name\":\"same-name\",\"role\":\"AUDITOR\"}")
                .statusCode()).isEqualTo(201);
    }

    private static Admin create(String name, String role) {
        var created = client.postJson(client.admin(), "/api/v1/admins",
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = Json.parse(created.body());
        return new Admin(name, body.get("serial").asText(), client.withPkcs12(
                Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray()));
    }

    private static String serialOf(String administrator) {
        for (JsonNode admin : Json.parse(client.get(client.admin(), "/api/v1/admins", "application/json").body())) {
            if (admin.get("name").asText().equals(administrator) && admin.get("certificateStatus").asText().equals("valid")) {
                return admin.get("serial").asText();
            }
        }
        throw new AssertionError("no valid administrator " + administrator);
    }

    private static HttpResponse<String> revoke(HttpClient caller, String serial) {
        return client.postJson(caller, "/api/v1/certificates/" + serial + "/revoke", "{\"reason\":\"keyCompromise\"}");
    }

    private static String status(String serial) {
        return Json.parse(client.get(client.admin(), "/api/v1/certificates/" + serial, "application/json").body())
                .get("status").asText();
    }

    private static JsonNode lastRevokeAuditedFor(Admin caller) {
        return Json.parse(client.get(client.admin(), "/api/v1/audit-events?action=certificate.revoke&actor=admin:"
                + caller.name(), "application/json").body()).get("items").get(0);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(type);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
    }
}
