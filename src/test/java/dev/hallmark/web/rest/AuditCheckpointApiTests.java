package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Signed audit checkpoints over the API: an ADMIN's checkpoint names the trail's head, is signed by the
 * issuing CA so that {@code openssl cms -verify} against the root alone accepts it, is audited as the next
 * event and listed; other roles and bad paging get problems. In the pkcs11 profile the issuing CA key that
 * signs is in SoftHSM2.
 */
class AuditCheckpointApiTests extends ServiceTest {

    @Test
    void createWhenAdminThenTheHeadSignedByTheIssuingCaAsOpensslVerifiesIt() throws Exception {
        HallmarkClient client = client();
        Tokens.device(client, "audit-checkpoint");
        JsonNode head = newestEvent(client);

        var created = post(client, client.admin());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode checkpoint = Json.parse(created.body());
        assertThat(checkpoint.get("sequence").asLong()).isEqualTo(head.get("sequence").asLong());
        assertThat(checkpoint.get("headHash").asText()).isEqualTo(head.get("hash").asText());
        assertThat(checkpoint.get("createdBy").asText()).isEqualTo("admin:admin");

        Path dir = Files.createTempDirectory(DATA_DIR, "checkpoint-");
        Files.writeString(dir.resolve("checkpoint.pem"), checkpoint.get("checkpointPem").asText());
        Tools.Result verified = Tools.run(dir, "openssl", "cms", "-verify", "-inform", "PEM", "-in", "checkpoint.pem",
                "-CAfile", client.bootstrap("root-ca.pem").toString(), "-signer", "signer.pem").assertSuccess();
        assertThat(verified.stderr()).contains("Verification successful");
        JsonNode statement = Json.parse(verified.stdout());
        assertThat(statement.get("checkpoint").asText()).isEqualTo("hallmark-audit");
        assertThat(statement.get("sequence").asLong()).isEqualTo(head.get("sequence").asLong());
        assertThat(statement.get("head").asText()).isEqualTo(head.get("hash").asText());
        assertThat(statement.get("time").asText()).isEqualTo(checkpoint.get("createdAt").asText());
        String issuing = Files.readString(client.bootstrap("ca-chain.pem")).split("(?<=-----END CERTIFICATE-----\n)")[0];
        assertThat(der(Files.readString(dir.resolve("signer.pem")))).isEqualTo(der(issuing));

        JsonNode audited = newestEvent(client);
        assertThat(audited.get("action").asText()).isEqualTo("audit.checkpoint");
        assertThat(audited.get("sequence").asLong()).isEqualTo(head.get("sequence").asLong() + 1);
        assertThat(audited.get("target").asText()).isEqualTo("#" + head.get("sequence").asLong());
    }

    @Test
    void createWhenContentChangedThenOpensslRefusesTheSignature() throws Exception {
        HallmarkClient client = client();
        var created = post(client, client.admin());
        assertThat(created.statusCode()).isEqualTo(201);
        byte[] der = der(Json.parse(created.body()).get("checkpointPem").asText());
        // the encapsulated JSON's "sequence": one digit of it changed
        String text = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"sequence\":") + "\"sequence\":".length();
        der[at] = (byte) (der[at] == '9' ? '8' : der[at] + 1);
        Path dir = Files.createTempDirectory(DATA_DIR, "checkpoint-");
        Files.write(dir.resolve("changed.der"), der);

        Tools.Result refused = Tools.run(dir, "openssl", "cms", "-verify", "-inform", "DER", "-in", "changed.der",
                "-CAfile", client.bootstrap("root-ca.pem").toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Verification failure");
    }

    @Test
    void listWhenCreatedThenNewestFirstWithTheirPem() {
        HallmarkClient client = client();
        JsonNode created = Json.parse(post(client, client.admin()).body());

        var listed = client.get(client.admin(), "/api/v1/audit-checkpoints?size=1", "application/json");
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode page = Json.parse(listed.body());
        assertThat(page.get("items").get(0)).isEqualTo(created);
        assertThat(page.get("totalItems").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(1);
    }

    @Test
    void createWhenOperatorOrAuditorThen403AndAuditorMayList() {
        HallmarkClient client = client();
        for (String role : List.of("OPERATOR", "AUDITOR")) {
            HttpClient other = administrator(client, "checkpoint-" + role.toLowerCase(), role);
            var refused = post(client, other);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.parse(refused.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:forbidden");
            int listed = client.get(other, "/api/v1/audit-checkpoints", "application/json").statusCode();
            assertThat(listed).isEqualTo(role.equals("AUDITOR") ? 200 : 403);
        }
        var anonymous = post(client, client.anonymous());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(Json.parse(anonymous.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:unauthenticated");
    }

    @Test
    void listWhenPagingOutOfRangeOrNotANumberThen400Problem() {
        HallmarkClient client = client();
        for (String query : List.of("size=0", "size=1001", "page=-1", "page=first")) {
            var response = client.get(client.admin(), "/api/v1/audit-checkpoints?" + query, "application/json");
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = Json.parse(response.body());
            assertThat(problem.get("type").asText()).isEqualTo("urn:hallmark:problem:invalid-request");
            assertThat(problem.get("detail").asText()).isEqualTo(query.equals("page=first")
                    ? "parameter 'page' has an invalid value" : "page must be 0 or more and size between 1 and 1000");
        }
    }

    private static HttpResponse<String> post(HallmarkClient client, HttpClient caller) {
        return HallmarkClient.send(caller, HttpRequest.newBuilder(client.https("/api/v1/audit-checkpoints"))
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static JsonNode newestEvent(HallmarkClient client) {
        var response = client.get(client.admin(), "/api/v1/audit-events?size=1", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body()).get("items").get(0);
    }

    private static HttpClient administrator(HallmarkClient client, String name, String role) {
        var created = client.postJson(client.admin(), "/api/v1/admins", "{\"name\":\"" + name + "\",\"role\":\"" + role
                + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = Json.parse(created.body());
        return client.withPkcs12(Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray());
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
