package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;
import static dev.hallmark.support.AcmeTestClient.b64;
import static dev.hallmark.support.AcmeTestClient.jwk;
import static dev.hallmark.support.AcmeTestClient.jws;
import static dev.hallmark.support.AcmeTestClient.jwkHeader;
import static dev.hallmark.support.AcmeTestClient.kidHeader;
import static dev.hallmark.support.AcmeTestClient.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each JWS rule of RFC 8555 section 6, broken one at a time by hand-built requests that no real client would
 * send; each answer names the rule in its problem type and carries a fresh nonce.
 */
class AcmeJwsTests extends ServiceTest {

    private static final String JOSE = "application/jose+json";

    private AcmeTestClient acme;
    private KeyPair key;
    private String kid;

    @BeforeEach
    void account() {
        acme = new AcmeTestClient(client());
        key = TestCsrs.ecKey("secp256r1");
        kid = acme.newAccount(key);
    }

    private String newOrderUrl() {
        return acme.url("/new-order");
    }

    private static final String ORDER = "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"jws.example\"}]}";

    private HttpResponse<String> send(String protectedJson, String payload) {
        return acme.post(newOrderUrl(), JOSE, jws(protectedJson, payload, key));
    }

    @Test
    void newOrderWhenEverythingRightThen201() {
        var response = send(kidHeader(newOrderUrl(), acme.nonce(), kid), ORDER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Replay-Nonce")).isPresent();
        assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith(acme.url("/order/"));
        assertThat(response.headers().allValues("Link")).contains("<" + acme.url("/directory") + ">;rel=\"index\"");
    }

    @Test
    void requestWhenNonceUnknownThenBadNonce() {
        assertProblem(send(kidHeader(newOrderUrl(), "AAAAAAAAAAAAAAAAAAAAAA", kid), ORDER), 400, "badNonce");
    }

    @Test
    void requestWhenNonceReusedThenBadNonceAndNothingDoneTwice() {
        String nonce = acme.nonce();
        assertThat(send(kidHeader(newOrderUrl(), nonce, kid), ORDER).statusCode()).isEqualTo(201);
        assertProblem(send(kidHeader(newOrderUrl(), nonce, kid), ORDER), 400, "badNonce");
    }

    @Test
    void requestWhenNonceMissingThenBadNonce() {
        assertProblem(send("{\"alg\":\"ES256\",\"url\":\"" + newOrderUrl() + "\",\"kid\":\"" + kid + "\"}", ORDER),
                400, "badNonce");
    }

    @Test
    void requestWhenNonceOfErrorAnswerThenItIsGood() {
        var refused = send(kidHeader(newOrderUrl(), "AAAAAAAAAAAAAAAAAAAAAA", kid), ORDER);
        String nonce = refused.headers().firstValue("Replay-Nonce").orElseThrow();
        assertThat(send(kidHeader(newOrderUrl(), nonce, kid), ORDER).statusCode()).isEqualTo(201);
    }

    @Test
    void requestWhenUrlIsAnotherResourceThenUnauthorized() {
        String detail = assertProblem(send(kidHeader(acme.url("/new-account"), acme.nonce(), kid), ORDER), 403,
                "unauthorized");
        assertThat(detail).contains("is not the URL this request was sent to");
    }

    @Test
    void requestWhenAlgNoneThenBadSignatureAlgorithmListingAlgorithms() {
        String header = "{\"alg\":\"none\",\"nonce\":\"" + acme.nonce() + "\",\"url\":\"" + newOrderUrl()
                + "\",\"kid\":\"" + kid + "\"}";
        String body = "{\"protected\":\"" + b64(header) + "\",\"payload\":\"" + b64(ORDER) + "\",\"signature\":\"\"}";
        var response = acme.post(newOrderUrl(), JOSE, body);
        assertProblem(response, 400, "badSignatureAlgorithm");
        assertThat(Json.parse(response.body()).get("algorithms").toString())
                .isEqualTo("[\"ES256\",\"ES384\",\"RS256\",\"EdDSA\"]");
    }

    @Test
    void requestWhenHs256ThenBadSignatureAlgorithm() {
        String header = "{\"alg\":\"HS256\",\"nonce\":\"" + acme.nonce() + "\",\"url\":\"" + newOrderUrl()
                + "\",\"kid\":\"" + kid + "\"}";
        assertProblem(send(header, ORDER), 400, "badSignatureAlgorithm");
    }

    @Test
    void requestWhenAlgDoesNotFitKeyThenBadSignatureAlgorithm() {
        String header = "{\"alg\":\"ES384\",\"nonce\":\"" + acme.nonce() + "\",\"url\":\"" + newOrderUrl()
                + "\",\"kid\":\"" + kid + "\"}";
        assertProblem(send(header, ORDER), 400, "badSignatureAlgorithm");
    }

    @Test
    void requestWhenBothJwkAndKidThenMalformed() {
        String header = "{\"alg\":\"ES256\",\"nonce\":\"" + acme.nonce() + "\",\"url\":\"" + newOrderUrl()
                + "\",\"kid\":\"" + kid + "\",\"jwk\":" + jwk(key) + "}";
        assertThat(assertProblem(send(header, ORDER), 400, "malformed")).contains("exactly one of jwk and kid");
    }

    @Test
    void newOrderWhenJwkInsteadOfKidThenMalformed() {
        assertThat(assertProblem(send(jwkHeader(newOrderUrl(), acme.nonce(), key), ORDER), 400, "malformed"))
                .contains("by kid");
    }

    @Test
    void newAccountWhenKidInsteadOfJwkThenMalformed() {
        String url = acme.url("/new-account");
        var response = acme.post(url, JOSE, jws(kidHeader(url, acme.nonce(), kid), "{}", key));
        assertThat(assertProblem(response, 400, "malformed")).contains("as jwk");
    }

    @Test
    void requestWhenB64FalseThenMalformed() {
        String header = "{\"alg\":\"ES256\",\"b64\":false,\"crit\":[\"b64\"],\"nonce\":\"" + acme.nonce()
                + "\",\"url\":\"" + newOrderUrl() + "\",\"kid\":\"" + kid + "\"}";
        assertThat(assertProblem(send(header, ORDER), 400, "malformed")).contains("b64 or crit");
    }

    @Test
    void requestWhenCritThenMalformed() {
        String header = "{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1,\"nonce\":\"" + acme.nonce()
                + "\",\"url\":\"" + newOrderUrl() + "\",\"kid\":\"" + kid + "\"}";
        assertProblem(send(header, ORDER), 400, "malformed");
    }

    @Test
    void requestWhenContentTypeJsonThen415Malformed() {
        var response = acme.post(newOrderUrl(), "application/json", jws(kidHeader(newOrderUrl(), acme.nonce(), kid),
                ORDER, key));
        assertThat(assertProblem(response, 415, "malformed")).contains("application/jose+json");
    }

    @Test
    void requestWhenGeneralSerializationThenMalformed() {
        String p = b64(kidHeader(newOrderUrl(), acme.nonce(), kid));
        String q = b64(ORDER);
        String body = "{\"payload\":\"" + q + "\",\"signatures\":[{\"protected\":\"" + p + "\",\"signature\":\""
                + sign(p + "." + q, key) + "\"}]}";
        assertThat(assertProblem(acme.post(newOrderUrl(), JOSE, body), 400, "malformed")).contains("flattened");
    }

    @Test
    void requestWhenUnprotectedHeaderThenMalformed() {
        String p = b64(kidHeader(newOrderUrl(), acme.nonce(), kid));
        String q = b64(ORDER);
        String body = "{\"protected\":\"" + p + "\",\"header\":{\"kid\":\"x\"},\"payload\":\"" + q
                + "\",\"signature\":\"" + sign(p + "." + q, key) + "\"}";
        assertThat(assertProblem(acme.post(newOrderUrl(), JOSE, body), 400, "malformed")).contains("unprotected");
    }

    @Test
    void requestWhenProtectedHeaderRepeatsMemberThenMalformed() {
        String header = "{\"alg\":\"ES256\",\"nonce\":\"" + acme.nonce() + "\",\"url\":\"" + newOrderUrl()
                + "\",\"url\":\"" + acme.url("/new-account") + "\",\"kid\":\"" + kid + "\"}";
        assertProblem(send(header, ORDER), 400, "malformed");
    }

    @Test
    void requestWhenSignedByAnotherKeyThenMalformed() {
        String body = jws(kidHeader(newOrderUrl(), acme.nonce(), kid), ORDER, TestCsrs.ecKey("secp256r1"));
        assertThat(assertProblem(acme.post(newOrderUrl(), JOSE, body), 400, "malformed")).contains("signature");
    }

    @Test
    void requestWhenPayloadChangedAfterSigningThenMalformed() {
        String p = b64(kidHeader(newOrderUrl(), acme.nonce(), kid));
        String signature = sign(p + "." + b64(ORDER), key);
        String body = "{\"protected\":\"" + p + "\",\"payload\":\"" + b64(ORDER.replace("jws", "evil"))
                + "\",\"signature\":\"" + signature + "\"}";
        assertProblem(acme.post(newOrderUrl(), JOSE, body), 400, "malformed");
    }

    @Test
    void requestWhenKidUnknownThenAccountDoesNotExist() {
        assertProblem(send(kidHeader(newOrderUrl(), acme.nonce(), acme.url("/account/nobody")), ORDER), 400,
                "accountDoesNotExist");
    }

    @Test
    void requestWhenBodyIsNotJsonThenMalformed() {
        assertProblem(acme.post(newOrderUrl(), JOSE, "not json"), 400, "malformed");
        assertProblem(acme.post(newOrderUrl(), JOSE, "[]"), 400, "malformed");
    }

    @Test
    void newAccountWhenJwkHasPrivateKeyThenBadPublicKey() {
        String url = acme.url("/new-account");
        KeyPair other = TestCsrs.ecKey("secp256r1");
        String privateJwk = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (java.security.interfaces.ECPublicKey) other.getPublic()).privateKey(other.getPrivate()).build()
                .toJSONString();
        String header = "{\"alg\":\"ES256\",\"nonce\":\"" + acme.nonce() + "\",\"url\":\"" + url + "\",\"jwk\":"
                + privateJwk + "}";
        assertProblem(acme.post(url, JOSE, jws(header, "{}", other)), 400, "badPublicKey");
    }

    @Test
    void newAccountWhenExistingKeyThen200WithSameLocation() {
        String url = acme.url("/new-account");
        var response = acme.post(url, JOSE, jws(jwkHeader(url, acme.nonce(), key), "{}", key));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Location")).hasValue(kid);
    }

    @Test
    void accountWhenAnotherAccountsUrlThenUnauthorized() {
        KeyPair otherKey = TestCsrs.ecKey("secp256r1");
        String other = acme.newAccount(otherKey);
        assertProblem(acme.postAsAccount(other, kid, key, ""), 403, "unauthorized");
    }

    @Test
    void getWhenResourceNeedsPostThen405Malformed() {
        var response = client().get(client().anonymous(), "/acme/new-order", "application/json");
        assertProblem(response, 405, "malformed");
    }
}
