package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestValidationAuthority;
import dev.hallmark.support.Tools;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Key rollover (RFC 8555 section 7.3.5), revocation by account and by certificate key (section 7.6) through the
 * same revocation path and policy as the REST API (OCSP checked with openssl), and renewal information
 * (RFC 9773) with {@code replaces}, all with acme4j.
 */
class AcmeRevocationAndRenewalTests extends ServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private TestValidationAuthority validationAuthority;

    private AcmeTestClient acme;
    private Session session;

    @BeforeEach
    void session() {
        acme = new AcmeTestClient(client());
        session = acme.session();
    }

    private Account account(KeyPair key) throws AcmeException {
        return new AccountBuilder().agreeToTermsOfService().useKeyPair(key).create(session);
    }

    private void authorize(Order order) throws Exception {
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() == Status.VALID) {
                continue;
            }
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
            validationAuthority.publish("http-01", authorization.getIdentifier().getValue(), challenge.getToken(),
                    challenge.getAuthorization());
            challenge.trigger();
            assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
    }

    private Certificate issue(Account account, KeyPair domainKey, String... names) throws Exception {
        Order order = account.newOrder().domains(names).create();
        authorize(order);
        order.waitUntilReady(WAIT);
        order.execute(domainKey);
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        return order.getCertificate();
    }

    /** The certificate's status as openssl's OCSP client reads it from the service, the response verified. */
    private String ocsp(Certificate certificate, String name) throws Exception {
        Path dir = Files.createDirectories(DATA_DIR.resolve("acme-ocsp"));
        Files.writeString(dir.resolve(name + ".pem"), Revocations.pem(certificate.getCertificate()));
        Files.writeString(dir.resolve("issuing.pem"), Revocations.pem(certificate.getCertificateChain().get(1)));
        Files.copy(client().bootstrap("root-ca.pem"), dir.resolve("root.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return Tools.run(dir, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", name + ".pem", "-url",
                client().http("/ocsp").toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem",
                "-no_nonce").assertSuccess().stdout();
    }

    private static URI type(String name) {
        return URI.create("urn:ietf:params:acme:error:" + name);
    }

    @Test
    void revokeWhenByOrderingAccountThenOcspShowsReasonAndSecondRevocationRefused() throws Exception {
        Account account = account(TestCsrs.ecKey("secp256r1"));
        Certificate certificate = issue(account, TestCsrs.ecKey("secp256r1"), "revoke-account.example");
        assertThat(ocsp(certificate, "revoke-account")).contains(": good");

        certificate.revoke(RevocationReason.KEY_COMPROMISE);

        assertThat(ocsp(certificate, "revoke-account")).contains(": revoked", "Reason: keyCompromise");
        assertThatThrownBy(() -> certificate.revoke(RevocationReason.SUPERSEDED))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("alreadyRevoked")));
    }

    @Test
    void revokeWhenByCertificateKeyWithoutAccountThenRevoked() throws Exception {
        KeyPair domainKey = TestCsrs.ecKey("secp256r1");
        Certificate certificate = issue(account(TestCsrs.ecKey("secp256r1")), domainKey, "revoke-key.example");
        Certificate.revoke(session, domainKey, certificate.getCertificate(), RevocationReason.SUPERSEDED);
        assertThat(ocsp(certificate, "revoke-key")).contains(": revoked", "Reason: superseded");
    }

    @Test
    void revokeWhenOtherKeyThenUnauthorizedAndCertificateStaysGood() throws Exception {
        Certificate certificate = issue(account(TestCsrs.ecKey("secp256r1")), TestCsrs.ecKey("secp256r1"),
                "revoke-other.example");
        assertThatThrownBy(() -> Certificate.revoke(session, TestCsrs.ecKey("secp256r1"), certificate.getCertificate(),
                RevocationReason.UNSPECIFIED)).isInstanceOfSatisfying(AcmeServerException.class, e ->
                        assertThat(e.getType()).isEqualTo(type("unauthorized")));
        KeyPair strangerKey = TestCsrs.ecKey("secp256r1");
        Account stranger = account(strangerKey);
        Login strangerLogin = session.login(stranger.getLocation(), strangerKey);
        assertThatThrownBy(() -> Certificate.revoke(strangerLogin, certificate.getCertificate(),
                RevocationReason.UNSPECIFIED)).isInstanceOfSatisfying(AcmeServerException.class, e ->
                        assertThat(e.getType()).isEqualTo(type("unauthorized")));
        assertThat(ocsp(certificate, "revoke-other")).contains(": good");

        // once the other account proves control of every name, it may revoke (RFC 8555 section 7.6)
        authorize(stranger.newOrder().domain("revoke-other.example").create());
        Certificate.revoke(strangerLogin, certificate.getCertificate(), RevocationReason.CESSATION_OF_OPERATION);
        assertThat(ocsp(certificate, "revoke-other")).contains(": revoked");
    }

    @Test
    void revokeWhenReasonIsTheCasThenBadRevocationReason() throws Exception {
        Certificate certificate = issue(account(TestCsrs.ecKey("secp256r1")), TestCsrs.ecKey("secp256r1"),
                "revoke-reason.example");
        assertThatThrownBy(() -> certificate.revoke(RevocationReason.CA_COMPROMISE))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("badRevocationReason")));
        assertThatThrownBy(() -> certificate.revoke(RevocationReason.CERTIFICATE_HOLD))
                .isInstanceOf(AcmeServerException.class);
        assertThat(ocsp(certificate, "revoke-reason")).contains(": good");
    }

    @Test
    void revokeWhenAdministratorsCertificateByItsKeyThenRevocationPolicyRefuses() throws Exception {
        X509Certificate admin;
        try (var in = Files.newInputStream(client().bootstrap("admin.crt"))) {
            admin = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyPair adminKey;
        try (Reader reader = Files.newBufferedReader(client().bootstrap("admin.key"));
                PEMParser parser = new PEMParser(reader)) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            adminKey = parsed instanceof PEMKeyPair pair ? converter.getKeyPair(pair)
                    : new KeyPair(admin.getPublicKey(), converter.getPrivateKey((PrivateKeyInfo) parsed));
        }
        assertThatThrownBy(() -> Certificate.revoke(session, adminKey, admin, RevocationReason.KEY_COMPROMISE))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> {
                    assertThat(e.getType()).isEqualTo(type("unauthorized"));
                    assertThat(e.getMessage()).contains("administrator");
                });
        String serial = admin.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        var record = client().get(client().admin(), "/api/v1/certificates/" + (serial.length() % 2 == 0 ? serial
                : "0" + serial), "application/json");
        assertThat(Json.parse(record.body()).get("status").asText()).isEqualTo("valid");
    }

    @Test
    void keyChangeWhenRolledOverThenNewKeyWorksAndOldKeyIsRefused() throws Exception {
        KeyPair oldKey = TestCsrs.ecKey("secp256r1");
        Account account = account(oldKey);
        KeyPair newKey = TestCsrs.ecKey("secp256r1");
        account.changeKey(newKey);

        Account found = new AccountBuilder().onlyExisting().useKeyPair(newKey).create(session);
        assertThat(found.getLocation()).isEqualTo(account.getLocation());
        assertThat(found.newOrder().domain("rolled.example").create().getStatus()).isEqualTo(Status.PENDING);

        Login old = session.login(account.getLocation(), oldKey);
        assertThatThrownBy(() -> old.getAccount().newOrder().domain("old-key.example").create())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("malformed")));
        assertThatThrownBy(() -> new AccountBuilder().onlyExisting().useKeyPair(oldKey).create(session))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("accountDoesNotExist")));
    }

    @Test
    void keyChangeWhenNewKeyBelongsToAnotherAccountThen409WithItsLocation() throws Exception {
        KeyPair taken = TestCsrs.ecKey("secp256r1");
        Account other = account(taken);
        Account account = account(TestCsrs.ecKey("secp256r1"));
        assertThatThrownBy(() -> account.changeKey(taken)).isInstanceOf(AcmeException.class);
        // by hand, to see the status and the Location
        KeyPair key = TestCsrs.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        String url = acme.url("/key-change");
        String inner = AcmeTestClient.jws("{\"alg\":\"ES256\",\"url\":\"" + url + "\",\"jwk\":"
                + AcmeTestClient.jwk(taken) + "}", "{\"account\":\"" + kid + "\",\"oldKey\":"
                + AcmeTestClient.jwk(key) + "}", taken);
        var response = acme.postAsAccount(url, kid, key, inner);
        assertProblem(response, 409, "malformed");
        assertThat(response.headers().firstValue("Location")).hasValue(other.getLocation().toString());
    }

    @Test
    void keyChangeWhenInnerJwsBreaksItsRulesThenRefused() throws Exception {
        KeyPair key = TestCsrs.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        KeyPair next = TestCsrs.ecKey("secp256r1");
        String url = acme.url("/key-change");
        String payload = "{\"account\":\"" + kid + "\",\"oldKey\":" + AcmeTestClient.jwk(key) + "}";
        String header = "{\"alg\":\"ES256\",\"url\":\"" + url + "\",\"jwk\":" + AcmeTestClient.jwk(next) + "}";
        // a nonce in the inner JWS
        assertProblem(acme.postAsAccount(url, kid, key, AcmeTestClient.jws("{\"alg\":\"ES256\",\"nonce\":\"abc\","
                + "\"url\":\"" + url + "\",\"jwk\":" + AcmeTestClient.jwk(next) + "}", payload, next)), 400,
                "malformed");
        // another url
        assertProblem(acme.postAsAccount(url, kid, key, AcmeTestClient.jws(header.replace(url,
                acme.url("/new-order")), payload, next)), 400, "malformed");
        // signed by the old key instead of the new one
        assertProblem(acme.postAsAccount(url, kid, key, AcmeTestClient.jws(header, payload, key)), 400, "malformed");
        // oldKey that is not the account's
        assertProblem(acme.postAsAccount(url, kid, key, AcmeTestClient.jws(header, "{\"account\":\"" + kid
                + "\",\"oldKey\":" + AcmeTestClient.jwk(next) + "}", next)), 400, "malformed");
        // another account
        assertProblem(acme.postAsAccount(url, kid, key, AcmeTestClient.jws(header, "{\"account\":\"" + kid
                + "x\",\"oldKey\":" + AcmeTestClient.jwk(key) + "}", next)), 403, "unauthorized");
        // the key is unchanged after all of them
        assertThat(acme.postAsAccount(kid, kid, key, "").statusCode()).isEqualTo(200);
    }

    @Test
    void renewalInfoWhenIssuedThenLastThirdAndReplacesRecordedOnce() throws Exception {
        KeyPair key = TestCsrs.ecKey("secp256r1");
        Account account = account(key);
        Certificate certificate = issue(account, TestCsrs.ecKey("secp256r1"), "renew.example");
        X509Certificate leaf = certificate.getCertificate();
        assertThat(certificate.hasRenewalInfo()).isTrue();
        // RFC 9773 section 4.1, computed here from the certificate itself
        byte[] keyId = org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.fromExtensions(
                new org.bouncycastle.cert.X509CertificateHolder(leaf.getEncoded()).getExtensions()).getKeyIdentifier();
        String certId = Base64.getUrlEncoder().withoutPadding().encodeToString(keyId) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(leaf.getSerialNumber().toByteArray());
        assertThat(certificate.getRenewalInfoLocation().orElseThrow().toString())
                .isEqualTo(acme.url("/renewal-info/") + certId);
        RenewalInfo info = certificate.getRenewalInfo();
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertThat(info.getSuggestedWindowStart()).isEqualTo(leaf.getNotBefore().toInstant()
                .plus(lifetime.multipliedBy(2).dividedBy(3)));
        assertThat(info.getSuggestedWindowEnd()).isBefore(leaf.getNotAfter().toInstant())
                .isAfter(info.getSuggestedWindowStart());

        Order renewal = account.newOrder().domain("renew.example").replaces(certificate).create();
        var order = acme.postAsAccount(renewal.getLocation().toString(), account.getLocation().toString(),
                key, "");
        assertThat(Json.parse(order.body()).get("replaces").asText()).isEqualTo(certId);
        assertThatThrownBy(() -> account.newOrder().domain("renew.example").replaces(certificate).create())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("alreadyReplaced")));
        Account stranger = account(TestCsrs.ecKey("secp256r1"));
        assertThatThrownBy(() -> stranger.newOrder().domain("renew.example").replaces(certificate).create())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(type("malformed")));

        certificate.revoke(RevocationReason.SUPERSEDED);
        RenewalInfo afterRevocation = certificate.getRenewalInfo();
        afterRevocation.fetch();
        assertThat(afterRevocation.getSuggestedWindowEnd()).isBefore(java.time.Instant.now());
    }

    @Test
    void renewalInfoWhenUnknownOrMalformedIdThenProblems() {
        assertProblem(client().get(client().anonymous(), "/acme/renewal-info/not-an-id", "application/json"), 400,
                "malformed");
        String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[20]) + ".AQ";
        assertProblem(client().get(client().anonymous(), "/acme/renewal-info/" + unknown, "application/json"), 404,
                "malformed");
    }

    @Test
    void metricsWhenOrdersMoveThenCountedByStatus() throws Exception {
        issue(account(TestCsrs.ecKey("secp256r1")), TestCsrs.ecKey("secp256r1"), "metrics.example");
        String scrape = client().get(client().admin(), "/actuator/prometheus", "text/plain").body();
        for (String status : new String[] {"pending", "ready", "processing", "valid"}) {
            String line = scrape.lines().filter(l -> l.startsWith("hallmark_acme_orders_total{status=\"" + status
                    + "\"}")).findFirst().orElseThrow(() -> new AssertionError("no " + status + " in " + scrape));
            assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(1);
        }
    }
}
