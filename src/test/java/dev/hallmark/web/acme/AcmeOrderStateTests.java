package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestValidationAuthority;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Order state rules (RFC 8555 section 7.1.6, 7.4): identifiers refused before any challenge, finalize only
 * when ready and only with the order's names, expiry, other accounts' orders, and concurrent finalizes that
 * issue exactly one certificate.
 */
class AcmeOrderStateTests extends ServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private TestValidationAuthority validationAuthority;

    @Autowired
    private DataSource dataSource;

    private AcmeTestClient acme;
    private KeyPair key;
    private Account account;
    private String kid;

    @BeforeEach
    void account() throws Exception {
        acme = new AcmeTestClient(client());
        key = TestCsrs.ecKey("secp256r1");
        account = new AccountBuilder().agreeToTermsOfService().useKeyPair(key).create(acme.session());
        kid = account.getLocation().toString();
    }

    private HttpResponse<String> newOrder(String identifiersJson) {
        return acme.postAsAccount(acme.url("/new-order"), kid, key, "{\"identifiers\":" + identifiersJson + "}");
    }

    /** An order made ready by http-01 for each name. */
    private Order readyOrder(String... names) throws Exception {
        Order order = account.newOrder().domains(names).create();
        for (Authorization authorization : order.getAuthorizations()) {
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
            validationAuthority.publish("http-01", authorization.getIdentifier().getValue(), challenge.getToken(),
                    challenge.getAuthorization());
            challenge.trigger();
            assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        return order;
    }

    private HttpResponse<String> finalizeOrder(Order order, TestCsrs csr) {
        String der = Base64.getUrlEncoder().withoutPadding().encodeToString(encoded(csr));
        return acme.postAsAccount(order.getFinalizeLocation().toString(), kid, key, "{\"csr\":\"" + der + "\"}");
    }

    private static byte[] encoded(TestCsrs csr) {
        try {
            return csr.build().getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String status(Order order) {
        var response = acme.postAsAccount(order.getLocation().toString(), kid, key, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).get("status").asText();
    }

    @Test
    void newOrderWhenIdentifierTypeUnknownThenUnsupportedIdentifier() {
        assertProblem(newOrder("[{\"type\":\"email\",\"value\":\"a@example.com\"}]"), 400, "unsupportedIdentifier");
    }

    @Test
    void newOrderWhenNameBreaksProfileRulesThenRejectedIdentifierBeforeAnyChallenge() {
        assertThat(assertProblem(newOrder("[{\"type\":\"dns\",\"value\":\"bad_name.example\"}]"), 400,
                "rejectedIdentifier")).contains("not a valid host name");
        assertProblem(newOrder("[{\"type\":\"dns\",\"value\":\"192.0.2.1\"}]"), 400, "rejectedIdentifier");
        assertProblem(newOrder("[{\"type\":\"dns\",\"value\":\"a.*.example\"}]"), 400, "rejectedIdentifier");
        assertProblem(newOrder("[{\"type\":\"dns\",\"value\":\"trailing.example.\"}]"), 400, "rejectedIdentifier");
        assertProblem(newOrder("[{\"type\":\"ip\",\"value\":\"::ffff:192.0.2.1\"}]"), 400, "rejectedIdentifier");
        assertProblem(newOrder("[{\"type\":\"ip\",\"value\":\"fe80::1%eth0\"}]"), 400, "rejectedIdentifier");
        assertProblem(newOrder("[{\"type\":\"ip\",\"value\":\"host.example\"}]"), 400, "rejectedIdentifier");
        assertThat(JdbcClient.create(dataSource)
                .sql("SELECT COUNT(*) FROM acme_authorization WHERE identifier_value IN ('bad_name.example',"
                        + " '192.0.2.1', 'host.example')").query(Long.class).single()).isZero();
    }

    @Test
    void newOrderWhenIpv6InAnyFormThenCanonicalAndDuplicatesMerged() {
        var response = newOrder("[{\"type\":\"ip\",\"value\":\"2001:DB8:0:0:0:0:0:1\"},"
                + "{\"type\":\"ip\",\"value\":\"2001:db8::1\"},{\"type\":\"dns\",\"value\":\"MIXED.Example\"}]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode order = Json.parse(response.body());
        assertThat(order.get("identifiers").toString()).isEqualTo(
                "[{\"type\":\"ip\",\"value\":\"2001:db8::1\"},{\"type\":\"dns\",\"value\":\"mixed.example\"}]");
        assertThat(order.get("authorizations").size()).isEqualTo(2);
        assertThat(order.get("status").asText()).isEqualTo("pending");
    }

    @Test
    void newOrderWhenMalformedThenMalformed() {
        assertProblem(newOrder("[]"), 400, "malformed");
        assertProblem(newOrder("\"dns:x.example\""), 400, "malformed");
        assertProblem(acme.postAsAccount(acme.url("/new-order"), kid, key,
                "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"x.example\"}],\"notAfter\":\"2030-01-01T00:00:00Z\"}"),
                400, "malformed");
        assertProblem(acme.postAsAccount(acme.url("/new-order"), kid, key, ""), 400, "malformed");
    }

    @Test
    void newOrderWhenProfileNotOfferedThenInvalidProfile() {
        assertProblem(acme.postAsAccount(acme.url("/new-order"), kid, key,
                "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"x.example\"}],\"profile\":\"admin\"}"), 400,
                "invalidProfile");
    }

    @Test
    void finalizeWhenPendingThenOrderNotReady() throws Exception {
        Order order = account.newOrder().domain("not-ready.example").create();
        assertProblem(finalizeOrder(order, TestCsrs.csr().subject("CN=not-ready.example").dns("not-ready.example")),
                403, "orderNotReady");
        assertThat(status(order)).isEqualTo("pending");
    }

    @Test
    void finalizeWhenCsrNamesDifferThenBadCsrAndOrderStaysReadyForACorrectOne() throws Exception {
        Order order = readyOrder("names-a.example", "names-b.example");
        String extra = assertProblem(finalizeOrder(order, TestCsrs.csr().subject("CN=names-a.example")
                .dns("names-a.example", "names-b.example", "names-c.example")), 400, "badCSR");
        assertThat(extra).contains("SAN DNS:names-c.example is not among the names this credential allows");
        String missing = assertProblem(finalizeOrder(order, TestCsrs.csr().subject("CN=names-a.example")
                .dns("names-a.example")), 400, "badCSR");
        assertThat(missing).contains("the CSR leaves out [names-b.example]");
        assertProblem(finalizeOrder(order, TestCsrs.csr().subject("CN=other.example")
                .dns("names-a.example", "names-b.example")), 400, "badCSR");
        // policy's own refusal of the key, through issuance
        assertProblem(finalizeOrder(order, TestCsrs.csr().keys(TestCsrs.rsaKey(1024)).subject("CN=names-a.example")
                .dns("names-a.example", "names-b.example")), 400, "badCSR");
        assertThat(status(order)).isEqualTo("ready");

        var response = finalizeOrder(order, TestCsrs.csr().subject("CN=names-a.example")
                .dns("names-b.example", "NAMES-A.example"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.parse(response.body()).get("status").asText()).isEqualTo("valid");
        assertProblem(finalizeOrder(order, TestCsrs.csr().subject("CN=names-a.example")
                .dns("names-a.example", "names-b.example")), 403, "orderNotReady");
    }

    @Test
    void finalizeWhenCsrIsNoCsrThenBadCsr() throws Exception {
        Order order = readyOrder("garbage.example");
        assertProblem(acme.postAsAccount(order.getFinalizeLocation().toString(), kid, key, "{\"csr\":\"AAAA\"}"),
                400, "badCSR");
        assertProblem(acme.postAsAccount(order.getFinalizeLocation().toString(), kid, key, "{}"), 400, "badCSR");
        assertThat(status(order)).isEqualTo("ready");
    }

    @Test
    void finalizeWhenManyAtOnceThenExactlyOneCertificate() throws Exception {
        Order order = readyOrder("race.example");
        int threads = 8;
        String url = order.getFinalizeLocation().toString();
        String payload = "{\"csr\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                encoded(TestCsrs.csr().subject("CN=race.example").dns("race.example"))) + "\"}";
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            bodies.add(AcmeTestClient.jws(AcmeTestClient.kidHeader(url, acme.nonce(), kid), payload, key));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String body : bodies) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return acme.post(url, "application/jose+json", body);
                }));
            }
            start.countDown();
            int issued = 0;
            int refused = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    assertThat(Json.parse(response.body()).get("status").asText()).isEqualTo("valid");
                    issued++;
                } else {
                    assertProblem(response, 403, "orderNotReady");
                    refused++;
                }
            }
            assertThat(issued).isEqualTo(1);
            assertThat(refused).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        String accountId = kid.replaceAll(".*/account/", "");
        assertThat(JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM certificate WHERE requester = ?")
                .param("acme:" + accountId).query(Long.class).single()).isEqualTo(1);
        var listed = client().get(client().admin(), "/api/v1/certificates?q=race.example", "application/json");
        assertThat(Json.parse(listed.body()).get("totalItems").asInt()).isEqualTo(1);
    }

    @Test
    void orderWhenExpiredThenInvalidAndNotFinalizable() throws Exception {
        Order order = readyOrder("expired.example");
        JdbcClient.create(dataSource).sql("UPDATE acme_order SET expires_at = ? WHERE id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1),
                        order.getLocation().toString().replaceAll(".*/order/", ""))
                .update();
        assertThat(status(order)).isEqualTo("invalid");
        assertProblem(finalizeOrder(order, TestCsrs.csr().subject("CN=expired.example").dns("expired.example")), 403,
                "orderNotReady");
    }

    @Test
    void authorizationWhenExpiredThenExpiredAndNotReused() throws Exception {
        Order order = readyOrder("authz-expired.example");
        String authorizationUrl = order.getAuthorizations().get(0).getLocation().toString();
        JdbcClient.create(dataSource).sql("UPDATE acme_authorization SET expires_at = ? WHERE id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), authorizationUrl.replaceAll(".*/authz/", ""))
                .update();
        var authorization = acme.postAsAccount(authorizationUrl, kid, key, "");
        assertThat(Json.parse(authorization.body()).get("status").asText()).isEqualTo("expired");
        Order again = account.newOrder().domain("authz-expired.example").create();
        assertThat(again.getAuthorizations().get(0).getLocation().toString()).isNotEqualTo(authorizationUrl);
        assertThat(again.getStatus()).isEqualTo(Status.PENDING);
    }

    @Test
    void orderWhenAnotherAccountAsksThenNotFound() throws Exception {
        Order order = account.newOrder().domain("mine.example").create();
        KeyPair otherKey = TestCsrs.ecKey("secp256r1");
        String other = acme.newAccount(otherKey);
        assertProblem(acme.postAsAccount(order.getLocation().toString(), other, otherKey, ""), 404, "malformed");
        assertProblem(acme.postAsAccount(order.getAuthorizations().get(0).getLocation().toString(), other, otherKey,
                ""), 404, "malformed");
    }

    @Test
    void authorizationWhenDeactivatedThenOrderInvalid() throws Exception {
        Order order = account.newOrder().domain("given-up.example").create();
        Authorization authorization = order.getAuthorizations().get(0);
        authorization.deactivate();
        assertThat(authorization.getStatus()).isEqualTo(Status.DEACTIVATED);
        assertThat(status(order)).isEqualTo("invalid");
    }

    @Test
    void challengeWhenRespondedTwiceThenSecondChangesNothing() throws Exception {
        Order order = account.newOrder().domain("twice.example").create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        validationAuthority.publish("http-01", "twice.example", challenge.getToken(), challenge.getAuthorization());
        challenge.trigger();
        authorization.waitForCompletion(WAIT);
        var again = acme.postAsAccount(challenge.getLocation().toString(), kid, key, "{}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Json.parse(again.body()).get("status").asText()).isEqualTo("valid");
        assertThat(again.headers().allValues("Link")).contains("<" + authorization.getLocation() + ">;rel=\"up\"");
    }
}
