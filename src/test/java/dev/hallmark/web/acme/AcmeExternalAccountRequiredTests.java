package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestValidationAuthority;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code hallmark.acme.external-account-required=true}: no account without an EAB key; and two ACME profiles
 * ({@code hallmark.acme.profiles=server,device}), one of them kept from an EAB key's account.
 */
class AcmeExternalAccountRequiredTests {

    private static final Path DATA_DIR = ServiceTest.newDataDir("acme-eab-required");
    private static ConfigurableApplicationContext service;
    private static HallmarkClient client;

    @BeforeAll
    static void start() {
        service = StandaloneService.startWith(new Class<?>[] {TestValidationAuthority.Config.class}, DATA_DIR,
                "eab-required-password", "--hallmark.acme.external-account-required=true",
                "--hallmark.acme.profiles=server,device");
        client = StandaloneService.client(service, DATA_DIR);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void directoryWhenRequiredThenMetaSaysSo() {
        var directory = Json.parse(client.get(client.anonymous(), "/acme/directory", "application/json").body());
        assertThat(directory.get("meta").get("externalAccountRequired").asBoolean()).isTrue();
    }

    @Test
    void newOrderWhenProfileChosenThenIssuedUnderItAndEabKeyLimitsProfiles() throws Exception {
        var directory = Json.parse(client.get(client.anonymous(), "/acme/directory", "application/json").body());
        assertThat(directory.get("meta").get("profiles").propertyNames()).containsExactly("server", "device");
        AcmeTestClient acme = new AcmeTestClient(client);
        var free = Json.parse(client.postJson(client.admin(), "/api/v1/acme/eab-keys", "{\"name\":\"any\"}").body());
        Account account = new AccountBuilder().agreeToTermsOfService()
                .withKeyIdentifier(free.get("keyId").asText(), free.get("hmacKey").asText())
                .useKeyPair(TestCsrs.ecKey("secp256r1")).create(acme.session());
        Order device = account.newOrder().domain("device.example").profile("device").create();
        assertThat(device.getProfile()).isEqualTo("device");
        Authorization authorization = device.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        service.getBean(TestValidationAuthority.class).publish("http-01", "device.example", challenge.getToken(),
                challenge.getAuthorization());
        challenge.trigger();
        authorization.waitForCompletion(java.time.Duration.ofSeconds(30));
        device.waitUntilReady(java.time.Duration.ofSeconds(30));
        device.execute(TestCsrs.ecKey("secp256r1"), csr -> csr.setCommonName("device.example"));
        assertThat(device.waitForCompletion(java.time.Duration.ofSeconds(30))).isEqualTo(Status.VALID);
        var leaf = device.getCertificate().getCertificate();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");

        var limited = Json.parse(client.postJson(client.admin(), "/api/v1/acme/eab-keys",
                "{\"name\":\"servers only\",\"profiles\":[\"server\"]}").body());
        Account serversOnly = new AccountBuilder().agreeToTermsOfService()
                .withKeyIdentifier(limited.get("keyId").asText(), limited.get("hmacKey").asText())
                .useKeyPair(TestCsrs.ecKey("secp256r1")).create(acme.session());
        assertThat(serversOnly.newOrder().domain("s.example").create().getStatus()).isEqualTo(Status.PENDING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serversOnly.newOrder().domain("d.example")
                .profile("device").create()).isInstanceOfSatisfying(AcmeServerException.class, e -> {
                    assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:invalidProfile");
                    assertThat(e.getMessage()).contains("allows only the profiles [server]");
                });
    }

    @Test
    void newAccountWhenNoBindingThenExternalAccountRequiredAndWithOneThenCreated() throws Exception {
        AcmeTestClient acme = new AcmeTestClient(client);
        KeyPair key = TestCsrs.ecKey("secp256r1");
        String url = acme.url("/new-account");
        assertProblem(acme.post(url, "application/jose+json", AcmeTestClient.jws(AcmeTestClient.jwkHeader(url,
                acme.nonce(), key), "{\"termsOfServiceAgreed\":true}", key)), 400, "externalAccountRequired");

        var created = client.postJson(client.admin(), "/api/v1/acme/eab-keys", "{\"name\":\"required\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var eab = Json.parse(created.body());
        Account account = new AccountBuilder().agreeToTermsOfService()
                .withKeyIdentifier(eab.get("keyId").asText(), eab.get("hmacKey").asText()).useKeyPair(key)
                .create(acme.session());
        assertThat(account.hasExternalAccountBinding()).isTrue();
        // the key's account is found without a new binding
        assertThat(new AccountBuilder().onlyExisting().useKeyPair(key).create(acme.session()).getLocation())
                .isEqualTo(account.getLocation());
    }
}
