package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.net.URI;
import java.security.KeyPair;
import java.util.Base64;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * External account binding (RFC 8555 section 7.3.4) where it is optional: keys made through the REST API, used
 * by acme4j, bound once, sealed at rest, and limiting the bound account's names and profiles.
 */
class AcmeExternalAccountTests extends ServiceTest {

    @Autowired
    private DataSource dataSource;

    private JsonNode createKey(String json) {
        var response = client().postJson(client().admin(), "/api/v1/acme/eab-keys", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.parse(response.body());
    }

    private static URI type(String name) {
        return URI.create("urn:ietf:params:acme:error:" + name);
    }

    @Test
    void eabKeyWhenUsedByAcme4jThenAccountBoundAndListedAndKeySealedAtRest() throws Exception {
        JsonNode key = createKey("{\"name\":\"web servers\"}");
        String keyId = key.get("keyId").asText();
        String hmac = key.get("hmacKey").asText();
        assertThat(Base64.getUrlDecoder().decode(hmac)).hasSize(32);
        Session session = new AcmeTestClient(client()).session();
        Account account = new AccountBuilder().agreeToTermsOfService().withKeyIdentifier(keyId, hmac)
                .useKeyPair(TestCsrs.ecKey("secp256r1")).create(session);
        assertThat(account.hasExternalAccountBinding()).isTrue();

        String sealed = JdbcClient.create(dataSource).sql("SELECT hmac_sealed FROM acme_eab_key WHERE key_id = ?")
                .param(keyId).query(String.class).single();
        assertThat(sealed).startsWith("v1:").doesNotContain(hmac)
                .doesNotContain(Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(hmac)));

        var listed = client().get(client().admin(), "/api/v1/acme/accounts", "application/json");
        assertThat(listed.statusCode()).isEqualTo(200);
        String accountId = account.getLocation().toString().replaceAll(".*/account/", "");
        JsonNode entry = null;
        for (JsonNode a : Json.parse(listed.body())) {
            if (a.get("id").asText().equals(accountId)) {
                entry = a;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("eabKeyId").asText()).isEqualTo(keyId);

        // a key makes one account
        assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService().withKeyIdentifier(keyId, hmac)
                .useKeyPair(TestCsrs.ecKey("secp256r1")).create(session))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("unauthorized")));
    }

    @Test
    void eabWhenWrongHmacOrUnknownKeyThenUnauthorizedAndNoAccount() {
        JsonNode key = createKey("{\"name\":\"wrong mac\"}");
        Session session = new AcmeTestClient(client()).session();
        String otherHmac = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        KeyPair accountKey = TestCsrs.ecKey("secp256r1");
        assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService()
                .withKeyIdentifier(key.get("keyId").asText(), otherHmac).useKeyPair(accountKey).create(session))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("unauthorized")));
        assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService().withKeyIdentifier("nosuchkey", otherHmac)
                .useKeyPair(accountKey).create(session)).isInstanceOf(AcmeServerException.class);
        assertThatThrownBy(() -> new AccountBuilder().onlyExisting().useKeyPair(accountKey).create(session))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("accountDoesNotExist")));
        // the key is still unbound and usable
        assertThat(JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM acme_eab_key WHERE key_id = ?"
                + " AND account_id IS NULL").param(key.get("keyId").asText()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void eabKeyWhenNamesAndProfilesLimitedThenOrdersOutsideRefused() throws Exception {
        JsonNode key = createKey("{\"name\":\"limited\",\"profiles\":[\"server\"],"
                + "\"namePatterns\":[\"*.eab.example\",\"eab.example\"],\"expiresIn\":\"P1D\"}");
        assertThat(key.get("expiresAt").asText()).isNotEmpty();
        Session session = new AcmeTestClient(client()).session();
        Account account = new AccountBuilder().agreeToTermsOfService()
                .withKeyIdentifier(key.get("keyId").asText(), key.get("hmacKey").asText())
                .useKeyPair(TestCsrs.ecKey("secp256r1")).create(session);
        assertThat(account.newOrder().domains("eab.example", "www.eab.example").create().getIdentifiers()).hasSize(2);
        assertThatThrownBy(() -> account.newOrder().domains("www.eab.example", "other.example").create())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> {
                    assertThat(e.getType()).isEqualTo(type("rejectedIdentifier"));
                    assertThat(e.getMessage()).contains("other.example");
                });
    }

    @Test
    void eabKeyWhenRequestInvalidThen400AndWithoutCredential401() {
        for (String body : new String[] {"{\"name\":\"\"}", "{\"name\":\"x\",\"profiles\":[\"admin\"]}",
                "{\"name\":\"x\",\"namePatterns\":[\"bad_pattern..\"]}", "{\"name\":\"x\",\"expiresIn\":\"soon\"}",
                "{\"name\":\"x\",\"expiresIn\":\"P400D\"}"}) {
            var response = client().postJson(client().admin(), "/api/v1/acme/eab-keys", body);
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(client().postJson(client().anonymous(), "/api/v1/acme/eab-keys", "{\"name\":\"x\"}").statusCode())
                .isEqualTo(401);
        assertThat(client().get(client().anonymous(), "/api/v1/acme/accounts", "application/json").statusCode())
                .isEqualTo(401);
    }

    @Test
    void newAccountWhenBindingMacsAnotherKeyThenMalformed() {
        JsonNode key = createKey("{\"name\":\"other key\"}");
        AcmeTestClient acme = new AcmeTestClient(client());
        KeyPair accountKey = TestCsrs.ecKey("secp256r1");
        String url = acme.url("/new-account");
        String eabHeader = "{\"alg\":\"HS256\",\"kid\":\"" + key.get("keyId").asText() + "\",\"url\":\"" + url + "\"}";
        String eabPayload = AcmeTestClient.jwk(TestCsrs.ecKey("secp256r1"));
        String p = AcmeTestClient.b64(eabHeader);
        String q = AcmeTestClient.b64(eabPayload);
        String binding = "{\"protected\":\"" + p + "\",\"payload\":\"" + q + "\",\"signature\":\"AAAA\"}";
        var response = acme.post(url, "application/jose+json", AcmeTestClient.jws(AcmeTestClient.jwkHeader(url,
                acme.nonce(), accountKey), "{\"externalAccountBinding\":" + binding + "}", accountKey));
        assertThat(assertProblem(response, 400, "malformed")).contains("account's own key");
    }
}
