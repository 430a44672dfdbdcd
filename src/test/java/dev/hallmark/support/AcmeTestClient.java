package dev.hallmark.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import tools.jackson.databind.JsonNode;

/**
 * ACME clients of the running service: acme4j (an independent client with its own JOSE code) trusting the
 * service's root, and raw JWS requests built by hand for the cases no well-behaved client sends.
 */
public final class AcmeTestClient {

    private final HallmarkClient client;
    private final HttpClient http;

    public AcmeTestClient(HallmarkClient client) {
        this.client = client;
        this.http = client.anonymous();
    }

    public String directoryUrl() {
        return client.https("/acme/directory").toString();
    }

    public String url(String path) {
        return client.https("/acme" + path).toString();
    }

    /** An acme4j session whose HTTP client trusts the service's root CA. */
    public Session session() {
        javax.net.ssl.SSLContext tls = client.trustingTls();
        return new Session(URI.create(directoryUrl()), new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings settings) {
                return new HttpConnector(settings) {
                    @Override
                    public HttpClient.Builder createClientBuilder() {
                        return super.createClientBuilder().sslContext(tls);
                    }
                };
            }
        });
    }

    public String nonce() {
        var response = HallmarkClient.send(http, HttpRequest.newBuilder(URI.create(url("/new-nonce")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Replay-Nonce").orElseThrow();
    }

    /** A raw POST with the given body and content type. */
    public HttpResponse<String> post(String url, String contentType, String body) {
        return HallmarkClient.send(http, HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A flattened JWS over {@code protectedJson} and {@code payload}, ES256-signed with the key. */
    public static String jws(String protectedJson, String payload, KeyPair key) {
        String p = b64(protectedJson);
        String q = b64(payload);
        return "{\"protected\":\"" + p + "\",\"payload\":\"" + q + "\",\"signature\":\"" + sign(p + "." + q, key) + "\"}";
    }

    public static String sign(String signingInput, KeyPair key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ECDSA.transcodeSignatureToConcat(s.sign(), 64));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String jwk(KeyPair key) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) key.getPublic()).build().toJSONString();
    }

    /** A protected header of a jwk request. */
    public static String jwkHeader(String url, String nonce, KeyPair key) {
        return "{\"alg\":\"ES256\",\"nonce\":\"" + nonce + "\",\"url\":\"" + url + "\",\"jwk\":" + jwk(key) + "}";
    }

    public static String kidHeader(String url, String nonce, String kid) {
        return "{\"alg\":\"ES256\",\"nonce\":\"" + nonce + "\",\"url\":\"" + url + "\",\"kid\":\"" + kid + "\"}";
    }

    /** A signed request with a fresh nonce, by account ({@code kid}). */
    public HttpResponse<String> postAsAccount(String url, String kid, KeyPair key, String payload) {
        return post(url, "application/jose+json", jws(kidHeader(url, nonce(), kid), payload, key));
    }

    /** Creates an account for the key; answers its URL (the kid). */
    public String newAccount(KeyPair key) {
        String url = url("/new-account");
        var response = post(url, "application/jose+json", jws(jwkHeader(url, nonce(), key),
                "{\"termsOfServiceAgreed\":true}", key));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** Asserts an ACME problem of the type (without its prefix), with a Replay-Nonce, and answers its detail. */
    public static String assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Replay-Nonce")).as("Replay-Nonce on an error").isPresent();
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:ietf:params:acme:error:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem.get("detail").asText();
    }
}
