package dev.hallmark.acme.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.acme.validation.AlpnTestServer.Alpn;
import dev.hallmark.acme.validation.AlpnTestServer.CertificateSpec;
import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestDnsServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production wiring: a service of its own whose ACME server validates through the real
 * validation authority, configured by {@code hallmark.acme.validation.*} to reach a test DNS
 * server, HTTP server and TLS responder on loopback. acme4j, an independent client, drives orders
 * to valid by http-01, dns-01 and tls-alpn-01, and sees CAA and wrong content refused with their
 * ACME error types; {@code /actuator/prometheus} counts them.
 */
class ValidationAuthorityServiceTests {

    private static final Path DATA_DIR = ServiceTest.newDataDir("acme-va");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CA = "ca.hallmark.test";

    private static TestDnsServer dnsServer;
    private static ChallengeHttpServer http;
    private static int tlsAlpnPort;
    private static ConfigurableApplicationContext service;
    private static HallmarkClient client;

    @BeforeAll
    static void start() {
        dnsServer = TestDnsServer.start();
        http = ChallengeHttpServer.start();
        tlsAlpnPort = ValidationFixture.closedPort();
        service = StandaloneService.start(DATA_DIR, "acme-va-password",
                "--hallmark.acme.validation.http-port=" + http.port(),
                "--hallmark.acme.validation.tls-alpn-port=" + tlsAlpnPort,
                "--hallmark.acme.validation.dns-resolvers=" + dnsServer.hostPort(),
                "--hallmark.acme.validation.timeout=5s",
                "--hallmark.acme.caa-identities=" + CA);
        client = StandaloneService.client(service, DATA_DIR);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        http.close();
        dnsServer.close();
    }

    private static Account account() throws Exception {
        Session session = new AcmeTestClient(client).session();
        return new AccountBuilder().agreeToTermsOfService().useKeyPair(TestCsrs.ecKey("secp256r1")).create(session);
    }

    private static String token(org.shredzone.acme4j.challenge.Challenge challenge) {
        return challenge.getJSON().get("token").asString();
    }

    @Test
    void serviceWhenStartedThenItsValidationAuthorityIsTheNetworkOneAsConfigured() {
        ValidationAuthority authority = service.getBean(ValidationAuthority.class);

        assertThat(authority).isInstanceOf(NetworkValidationAuthority.class);
        ValidationSettings settings = ((NetworkValidationAuthority) authority).settings();
        assertThat(settings.httpPort()).isEqualTo(http.port());
        assertThat(settings.tlsAlpnPort()).isEqualTo(tlsAlpnPort);
        assertThat(settings.resolvers()).containsExactly(dnsServer.address());
        assertThat(settings.caaIdentities()).containsExactly(CA);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        var directory = client.get(client.anonymous(), "/acme/directory", "application/json");
        assertThat(directory.statusCode()).isEqualTo(200);
        assertThat(Json.parse(directory.body()).get("meta").get("caaIdentities").get(0).asText()).isEqualTo(CA);
    }

    @Test
    void orderWhenHttp01ServedThenValidAndCertificateIssued() throws Exception {
        dnsServer.a("web.app.test", "127.0.0.1");
        Order order = account().newOrder().domain("web.app.test").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        http.serve("/.well-known/acme-challenge/" + challenge.getToken(), 200, challenge.getAuthorization());

        challenge.trigger();

        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(TestCsrs.ecKey("secp256r1"));
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.getCertificate().getCertificate().getSubjectAlternativeNames())
                .extracting(name -> name.get(1).toString()).containsExactly("web.app.test");
        assertThat(dnsServer.queries()).contains("web.app.test A", "web.app.test CAA");
    }

    @Test
    void orderWhenHttp01ServesWrongContentThenChallengeInvalidWithIncorrectResponse() throws Exception {
        dnsServer.a("wrong.app.test", "127.0.0.1");
        Order order = account().newOrder().domain("wrong.app.test").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        http.serve("/.well-known/acme-challenge/" + challenge.getToken(), 200, challenge.getToken() + ".not-mine");

        challenge.trigger();

        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
        challenge.fetch();
        assertThat(challenge.getError().orElseThrow().getType().toString())
                .isEqualTo("urn:ietf:params:acme:error:incorrectResponse");
        assertThat(challenge.getError().orElseThrow().getDetail().orElseThrow()).contains("does not match");
    }

    @Test
    void orderWhenWildcardByDns01ThenValid() throws Exception {
        Order order = account().newOrder().domain("*.wild.app.test").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Dns01Challenge challenge = authorization.findChallenge(Dns01Challenge.class).orElseThrow();
        dnsServer.txt("_acme-challenge.wild.app.test", challenge.getDigest());
        dnsServer.caa("wild.app.test", 0, "issuewild", CA);

        challenge.trigger();

        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        order.waitUntilReady(WAIT);
        order.execute(TestCsrs.ecKey("secp256r1"));
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(token(challenge)).isNotEmpty();
    }

    @Test
    void orderWhenTlsAlpn01AnsweredThenValid() throws Exception {
        dnsServer.a("tls.app.test", "127.0.0.1");
        Order order = account().newOrder().domain("tls.app.test").create();
        Authorization authorization = order.getAuthorizations().get(0);
        TlsAlpn01Challenge challenge = authorization.findChallenge(TlsAlpn01Challenge.class).orElseThrow();
        // the certificate carries the digest acme4j computed, not ours
        CertificateSpec spec = new CertificateSpec(java.util.List.of(new GeneralName(GeneralName.dNSName,
                "tls.app.test")), challenge.getAcmeValidation(), true, true);
        try (AlpnTestServer responder = AlpnTestServer.start(spec, Alpn.ACME, tlsAlpnPort)) {
            challenge.trigger();

            assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            assertThat(responder.sniSeen()).contains("tls.app.test");
        }
    }

    @Test
    void finalizeWhenCaaNamesAnotherCaThenRefusedWithCaa() throws Exception {
        dnsServer.a("caa.app.test", "127.0.0.1");
        dnsServer.caa("caa.app.test", 0, "issue", "letsencrypt.org");
        Order order = account().newOrder().domain("caa.app.test").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        http.serve("/.well-known/acme-challenge/" + challenge.getToken(), 200, challenge.getAuthorization());
        challenge.trigger();
        assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        order.waitUntilReady(WAIT);

        assertThatThrownBy(() -> order.execute(TestCsrs.ecKey("secp256r1")))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> {
                    assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:caa");
                    assertThat(e.getMessage()).contains("does not allow " + CA);
                });
    }

    @Test
    void prometheusWhenValidationsRanThenCountedByTypeAndOutcome() throws Exception {
        dnsServer.a("counted.app.test", "127.0.0.1");
        double before = counter(scrape(), "http-01", "unauthorized");
        Order order = account().newOrder().domain("counted.app.test").create();
        Http01Challenge challenge = order.getAuthorizations().get(0).findChallenge(Http01Challenge.class).orElseThrow();
        challenge.trigger();    // nothing served: 404
        assertThat(order.getAuthorizations().get(0).waitForCompletion(WAIT)).isEqualTo(Status.INVALID);

        String scrape = scrape();
        assertThat(counter(scrape, "http-01", "unauthorized")).isEqualTo(before + 1);
        assertThat(scrape).contains("hallmark_acme_validations_total{outcome=\"valid\",type=\"tls-alpn-01\"}");
    }

    private static String scrape() {
        HttpResponse<String> response = client.get(client.admin(), "/actuator/prometheus", "text/plain");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double counter(String scrape, String type, String outcome) {
        Matcher m = Pattern.compile("hallmark_acme_validations_total\\{outcome=\"" + outcome + "\",type=\"" + type
                + "\"} ([0-9.Ee+-]+)").matcher(scrape);
        assertThat(m.find()).as("series for %s %s", type, outcome).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
