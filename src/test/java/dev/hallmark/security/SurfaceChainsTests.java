package dev.hallmark.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The surfaces outside the REST API's own rules, over real HTTPS and plain HTTP: what anyone, a wrong credential
 * and the right one get from the relying-party surface, the documentation and health, the actuator, the paths no
 * surface serves (refused by the last chain), the container's error page, and credentials offered where their
 * surface does not take them.
 */
class SurfaceChainsTests extends ServiceTest {

    @Test
    void unknownPathWhenHttpsThen404ProblemWithOrWithoutCertificate() {
        HallmarkClient c = client();
        for (HttpClient caller : new HttpClient[] {c.anonymous(), c.admin()}) {
            var response = c.get(caller, "/no/such/thing", "application/json");
            assertProblem(response, 404, "urn:hallmark:problem:not-found", "no resource at /no/such/thing");
        }
    }

    @Test
    void acmeWhenUnknownPathThen404InAcmeFormWithNonce() {
        var response = client().get(client().anonymous(), "/acme/no-such-resource", "application/json");
        assertProblem(response, 404, "urn:ietf:params:acme:error:malformed", "no resource at /acme/no-such-resource");
        assertThat(response.headers().firstValue("Replay-Nonce")).isPresent();
    }

    @Test
    void acmeWhenDirectoryThenServedWithoutCredentials() {
        var response = client().get(client().anonymous(), "/acme/directory", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void actuatorEnvWhenAnonymousThen401AndWhenAdministratorThen403() {
        HallmarkClient c = client();
        assertProblem(c.get(c.anonymous(), "/actuator/env", "application/json"), 401,
                "urn:hallmark:problem:unauthenticated",
                "present an administrator's client certificate (curl --cert admin.crt --key admin.key)");
        assertProblem(c.get(c.admin(), "/actuator/env", "application/json"), 403, "urn:hallmark:problem:forbidden",
                "the client certificate's role does not permit GET /actuator/env");
        assertThat(c.get(c.admin(), "/actuator/beans", "application/json").statusCode()).isEqualTo(403);
    }

    @Test
    void actuatorWhenBearerTokenThenNotAcceptedAs401() {
        Tokens.Token token = Tokens.device(client(), "actuator-bearer");
        var response = withBearer(client().https("/actuator/env"), token);
        assertProblem(response, 401, "urn:hallmark:problem:unauthenticated",
                "present an administrator's client certificate (curl --cert admin.crt --key admin.key)");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("unused");
    }

    @Test
    void healthAndApiDocsWhenAnonymousThenServed() {
        HallmarkClient c = client();
        var health = c.get(c.anonymous(), "/actuator/health", "application/json");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.parse(health.body()).get("status").asText()).isEqualTo("UP");
        assertThat(c.get(c.anonymous(), "/actuator/health/liveness", "application/json").statusCode()).isEqualTo(200);
        assertThat(c.get(c.anonymous(), "/v3/api-docs", "application/json").statusCode()).isEqualTo(200);
        var swagger = c.get(c.anonymous(), "/swagger-ui.html", "text/html");
        assertThat(swagger.statusCode()).isEqualTo(302);
        assertThat(swagger.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/swagger-ui/index.html"));
        assertThat(c.get(c.anonymous(), "/swagger-ui/index.html", "text/html").statusCode()).isEqualTo(200);
    }

    @Test
    void relyingPartyWhenAnonymousOrAdministratorOrPlainHttpThenServedAlike() {
        HallmarkClient c = client();
        for (HttpClient caller : new HttpClient[] {c.anonymous(), c.admin()}) {
            var crl = c.get(caller, "/crl.pem", "*/*");
            assertThat(crl.statusCode()).isEqualTo(200);
            assertThat(crl.body()).startsWith("-----BEGIN X509 CRL-----");
            assertThat(c.get(caller, "/ca/chain.pem", "*/*").body()).startsWith("-----BEGIN CERTIFICATE-----");
        }
        var plain = HallmarkClient.send(c.anonymous(), HttpRequest.newBuilder(c.http("/crl/root.pem")).GET().build());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).startsWith("-----BEGIN X509 CRL-----");
    }

    @Test
    void plainHttpWhenAnythingButTheRelyingPartySurfaceThen404() {
        HallmarkClient c = client();
        for (String path : new String[] {"/actuator/health", "/v3/api-docs", "/.well-known/est/cacerts", "/error",
            "/no/such/thing", "/swagger-ui.html"}) {
            var response = HallmarkClient.send(c.anonymous(), HttpRequest.newBuilder(c.http(path)).GET().build());
            assertProblem(response, 404, "urn:hallmark:problem:not-found",
                    "only CA certificates, CRLs and OCSP are served over plain HTTP; use HTTPS");
        }
    }

    @Test
    void errorPageWhenRequestedDirectlyThen404() {
        var response = client().get(client().admin(), "/error", "application/json");
        assertProblem(response, 404, "urn:hallmark:problem:not-found", "no resource at /error");
    }

    @Test
    void errorPageWhenFirewallRejectsEncodedSlashThen400Problem() {
        // Spring Security's firewall answers with sendError(400); the container forwards to /error, which the
        // error-dispatch chain lets through to the error page
        var response = client().get(client().admin(), "/api/v1/certificates%2Fx", "application/json");
        assertProblem(response, 400, "urn:hallmark:problem:invalid-request", "The request is not valid");
    }

    @Test
    void restWhenMethodNotMappedThen405ProblemWithAllow() {
        var notMapped = HallmarkClient.send(client().admin(), HttpRequest.newBuilder(
                client().https("/api/v1/enrollment-tokens")).DELETE().build());
        assertProblem(notMapped, 405, "urn:hallmark:problem:method-not-allowed", "DELETE is not supported here");
        assertThat(notMapped.headers().firstValue("Allow").orElseThrow().split(", ")).containsExactlyInAnyOrder("GET",
                "POST");
    }

    @Test
    void estWhenMethodNotMappedThen405InEstFormWithAllow() {
        var response = client().get(client().anonymous(), "/.well-known/est/simpleenroll", "*/*");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).isEqualTo("GET is not supported here\n");
    }

    @Test
    void estWhenBearerTokenThenChallengedAndTokenUnspent() {
        Tokens.Token token = Tokens.device(client(), "est-bearer");
        var response = HallmarkClient.send(client().anonymous(), HttpRequest.newBuilder(
                client().https("/.well-known/est/simpleenroll")).header("Authorization", "Bearer " + token.token())
                .header("Content-Type", "application/pkcs10").header("Content-Transfer-Encoding", "base64")
                .POST(HttpRequest.BodyPublishers.ofString(base64(TestCsrs.csr().subject("CN=est-bearer").build()))).build());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"hallmark-est\"");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("unused");
    }

    private static String base64(PKCS10CertificationRequest csr) {
        try {
            return Base64.getMimeEncoder().encodeToString(csr.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> withBearer(URI uri, Tokens.Token token) {
        return HallmarkClient.send(client().anonymous(), HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token.token()).GET().build());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
    }
}
