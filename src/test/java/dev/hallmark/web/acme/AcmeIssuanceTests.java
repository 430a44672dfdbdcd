package dev.hallmark.web.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestValidationAuthority;
import dev.hallmark.support.Tools;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The whole ACME flow with acme4j, an independent client: account, order, challenge, finalize, download; the
 * chain is checked with {@code openssl verify -x509_strict} and the record through the REST API.
 */
class AcmeIssuanceTests extends ServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private TestValidationAuthority validationAuthority;

    private AcmeTestClient acme() {
        return new AcmeTestClient(client());
    }

    private Account account(Session session, KeyPair key) throws Exception {
        return new AccountBuilder().addContact("mailto:ops@example.com").agreeToTermsOfService().useKeyPair(key)
                .create(session);
    }

    @Test
    void directoryWhenFetchedThenAbsoluteUrlsAndMeta() {
        var response = client().get(client().anonymous(), "/acme/directory", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Replay-Nonce")).isPresent();
        JsonNode directory = Json.parse(response.body());
        String base = "https://localhost:" + httpsPort + "/acme";
        assertThat(directory.get("newNonce").asText()).isEqualTo(base + "/new-nonce");
        assertThat(directory.get("newAccount").asText()).isEqualTo(base + "/new-account");
        assertThat(directory.get("newOrder").asText()).isEqualTo(base + "/new-order");
        assertThat(directory.get("revokeCert").asText()).isEqualTo(base + "/revoke-cert");
        assertThat(directory.get("keyChange").asText()).isEqualTo(base + "/key-change");
        assertThat(directory.get("renewalInfo").asText()).isEqualTo(base + "/renewal-info");
        JsonNode meta = directory.get("meta");
        assertThat(meta.get("externalAccountRequired").asBoolean()).isFalse();
        assertThat(meta.get("caaIdentities").get(0).asText()).isEqualTo("localhost");
        assertThat(meta.get("profiles").has("server")).isTrue();
    }

    @Test
    void newNonceWhenHeadThen200NoStoreAndGetThen204() {
        var head = HallmarkClient.send(client().anonymous(), java.net.http.HttpRequest.newBuilder(
                client().https("/acme/new-nonce")).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(head.headers().firstValue("Replay-Nonce").orElseThrow()).matches("[A-Za-z0-9_-]{22}");
        var get = client().get(client().anonymous(), "/acme/new-nonce", "*/*");
        assertThat(get.statusCode()).isEqualTo(204);
        assertThat(get.headers().firstValue("Replay-Nonce").orElseThrow())
                .isNotEqualTo(head.headers().firstValue("Replay-Nonce").orElseThrow());
    }

    @Test
    void issueWhenHttp01ForDnsAndIpv6ThenChainVerifiesWithOpensslAndRecordNamesAccount() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        // the JDK writes ::1 as 0:0:0:0:0:0:0:1; the server keeps the RFC 5952 form
        Order order = account.newOrder().domain("Acme-Http.Example").identifier(Identifier.ip(
                InetAddress.getByName("::1"))).create();
        assertThat(order.getIdentifiers()).extracting(Identifier::getValue)
                .containsExactly("acme-http.example", "::1");
        for (Authorization authorization : order.getAuthorizations()) {
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
            validationAuthority.publish("http-01", authorization.getIdentifier().getValue(), challenge.getToken(),
                    challenge.getAuthorization());
            challenge.trigger();
            assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        KeyPair domainKey = TestCsrs.ecKey("secp256r1");
        order.execute(domainKey);
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);

        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getPublicKey()).isEqualTo(domainKey.getPublic());
        Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
        assertThat(sans.stream().map(s -> s.get(1).toString()).toList())
                .containsExactlyInAnyOrder("acme-http.example", "0:0:0:0:0:0:0:1");
        verifyWithOpenssl(chain, "acme-http");

        String serial = leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        var record = client().get(client().admin(), "/api/v1/certificates/" + (serial.length() % 2 == 0 ? serial
                : "0" + serial), "application/json");
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        String accountId = account.getLocation().toString().replaceAll(".*/account/", "");
        assertThat(Json.parse(record.body()).get("requester").asText()).isEqualTo("acme:" + accountId);
        assertThat(Json.parse(record.body()).get("profile").asText()).isEqualTo("server");
    }

    @Test
    void issueWhenWildcardThenOnlyDns01OfferedAndCertificateCarriesWildcard() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        Order order = account.newOrder().domain("*.wild.example").create();
        Authorization authorization = order.getAuthorizations().get(0);
        assertThat(authorization.isWildcard()).isTrue();
        assertThat(authorization.getIdentifier().getValue()).isEqualTo("wild.example");
        assertThat(authorization.getChallenges()).extracting(c -> c.getType()).containsExactly("dns-01");
        Dns01Challenge challenge = authorization.findChallenge(Dns01Challenge.class).orElseThrow();
        validationAuthority.publish("dns-01", "wild.example", token(challenge), challenge.getDigest());
        challenge.trigger();
        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        order.waitUntilReady(WAIT);
        order.execute(TestCsrs.ecKey("secp256r1"));
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        X509Certificate leaf = order.getCertificate().getCertificate();
        assertThat(leaf.getSubjectAlternativeNames().stream().map(s -> s.get(1).toString()).toList())
                .containsExactly("*.wild.example");
    }

    @Test
    void orderWhenIpIdentifierThenNoDns01AndTlsAlpnValidates() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        Order order = account.newOrder().identifier(Identifier.ip(InetAddress.getByName("192.0.2.7"))).create();
        Authorization authorization = order.getAuthorizations().get(0);
        assertThat(authorization.getChallenges()).extracting(c -> c.getType())
                .containsExactlyInAnyOrder("http-01", "tls-alpn-01");
        TlsAlpn01Challenge challenge = authorization.findChallenge(TlsAlpn01Challenge.class).orElseThrow();
        validationAuthority.publish("tls-alpn-01", "192.0.2.7", token(challenge), challenge.getAcmeValidation());
        challenge.trigger();
        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
    }

    @Test
    void newOrderWhenSameAccountHasValidAuthorizationThenReusedAndOrderReady() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        Order first = account.newOrder().domain("reuse.example").create();
        Authorization authorization = first.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        validationAuthority.publish("http-01", "reuse.example", challenge.getToken(), challenge.getAuthorization());
        challenge.trigger();
        authorization.waitForCompletion(WAIT);

        Order second = account.newOrder().domain("reuse.example").create();
        assertThat(second.getAuthorizations().get(0).getLocation()).isEqualTo(authorization.getLocation());
        assertThat(second.getStatus()).isEqualTo(Status.READY);

        // another account proves control itself
        Account other = account(session, TestCsrs.ecKey("secp256r1"));
        Order theirs = other.newOrder().domain("reuse.example").create();
        assertThat(theirs.getAuthorizations().get(0).getLocation()).isNotEqualTo(authorization.getLocation());
        assertThat(theirs.getStatus()).isEqualTo(Status.PENDING);
    }

    @Test
    void challengeWhenWrongResponseThenIncorrectResponseAndOrderInvalid() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        Order order = account.newOrder().domain("wrong.example").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        validationAuthority.publish("http-01", "wrong.example", challenge.getToken(), challenge.getToken() + ".nope");
        challenge.trigger();
        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
        challenge.fetch();
        assertThat(challenge.getError().orElseThrow().getType())
                .isEqualTo(URI.create("urn:ietf:params:acme:error:incorrectResponse"));
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
        assertThat(order.getError().orElseThrow().getType())
                .isEqualTo(URI.create("urn:ietf:params:acme:error:incorrectResponse"));
    }

    @Test
    void challengeWhenNothingListensThenConnectionError() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        Order order = account.newOrder().domain("silent.example").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        challenge.trigger();
        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
        challenge.fetch();
        assertThat(challenge.getError().orElseThrow().getType())
                .isEqualTo(URI.create("urn:ietf:params:acme:error:connection"));
    }

    @Test
    void finalizeWhenCaaRefusesThenCaaErrorAndOrderInvalidWithoutCertificate() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        Order order = account.newOrder().domain("caa-refused.example").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        validationAuthority.publish("http-01", "caa-refused.example", challenge.getToken(),
                challenge.getAuthorization());
        validationAuthority.refuseCaa("caa-refused.example");
        challenge.trigger();
        authorization.waitForCompletion(WAIT);
        order.waitUntilReady(WAIT);
        assertThatThrownBy(() -> order.execute(TestCsrs.ecKey("secp256r1")))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(URI.create("urn:ietf:params:acme:error:caa")));
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
        var certificates = client().get(client().admin(), "/api/v1/certificates?q=caa-refused.example",
                "application/json");
        assertThat(Json.parse(certificates.body()).get("totalItems").asInt()).isZero();
    }

    @Test
    void accountWhenOnlyReturnExistingThenSameAccountAndUnknownKeyRefused() throws Exception {
        Session session = acme().session();
        KeyPair key = TestCsrs.ecKey("secp256r1");
        Account account = account(session, key);
        Account again = new AccountBuilder().onlyExisting().useKeyPair(key).create(session);
        assertThat(again.getLocation()).isEqualTo(account.getLocation());
        assertThatThrownBy(() -> new AccountBuilder().onlyExisting().useKeyPair(TestCsrs.ecKey("secp256r1"))
                .create(session)).isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(URI.create("urn:ietf:params:acme:error:accountDoesNotExist")));
    }

    @Test
    void accountWhenContactUpdatedThenShownAndWhenInvalidContactThenRefused() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        account.modify().addContact("mailto:second@example.com").commit();
        account.fetch();
        assertThat(account.getContacts()).extracting(URI::toString)
                .containsExactly("mailto:ops@example.com", "mailto:second@example.com");
        assertThatThrownBy(() -> account.modify().addContact("tel:+15555550100").commit())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(URI.create("urn:ietf:params:acme:error:unsupportedContact")));
    }

    @Test
    void accountWhenDeactivatedThenItsRequestsAreUnauthorized() throws Exception {
        Session session = acme().session();
        Account account = account(session, TestCsrs.ecKey("secp256r1"));
        Order open = account.newOrder().domain("deactivated.example").create();
        account.deactivate();
        assertThat(account.getStatus()).isEqualTo(Status.DEACTIVATED);
        assertThatThrownBy(() -> account.newOrder().domain("after.example").create())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(URI.create("urn:ietf:params:acme:error:unauthorized")));
        assertThatThrownBy(open::fetch).isInstanceOf(AcmeServerException.class);
    }

    private static String token(org.shredzone.acme4j.challenge.Challenge challenge) {
        return challenge.getJSON().get("token").asString();
    }

    private void verifyWithOpenssl(List<X509Certificate> chain, String name) throws Exception {
        Path dir = Files.createDirectories(DATA_DIR.resolve("acme-openssl"));
        Files.writeString(dir.resolve(name + ".pem"), Revocations.pem(chain.get(0)));
        List<String> untrusted = new ArrayList<>();
        for (int i = 1; i < chain.size(); i++) {
            untrusted.add(Revocations.pem(chain.get(i)));
        }
        Files.writeString(dir.resolve(name + "-issuers.pem"), String.join("", untrusted));
        var result = Tools.run(dir, "openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile",
                client().bootstrap("root-ca.pem").toString(), "-untrusted", name + "-issuers.pem", name + ".pem");
        result.assertSuccess();
        assertThat(result.stdout()).contains(name + ".pem: OK");
    }
}
