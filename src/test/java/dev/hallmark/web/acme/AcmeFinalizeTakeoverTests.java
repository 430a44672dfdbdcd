package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.acme.validation.AcmeIdentifier;
import dev.hallmark.acme.validation.ValidationAuthority;
import dev.hallmark.acme.validation.ValidationOutcome;
import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestValidationAuthority;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node that stops between a finalize's claim (order → processing) and its certificate leaves the order's finalize
 * lease to run out; then the node's sweep issues from the CSR the claim kept, or the client's own finalize takes the
 * order over, and either way the order ends valid with exactly one certificate. The node stops while finalize waits
 * for CAA, which the validation authority here holds while asked to, as a slow DNS server would.
 */
class AcmeFinalizeTakeoverTests {

    private static final String PASSWORD = "finalize-takeover-ca-password";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** A short lease, so that the stopped node's orders are taken over within seconds (the sweep runs every 5 s). */
    private static final String[] ARGS = {"--hallmark.acme.finalize-lease=2s", "--logging.level.dev.hallmark.audit=warn"};

    @Test
    void finalizeWhenTheNodeStopsBeforeItIssuedThenTheRestartedNodeIssuesExactlyOneCertificatePerOrder()
            throws Exception {
        Path dataDir = ServiceTest.newDataDir("acme-finalize-takeover");
        KeyPair accountKey = TestCsrs.ecKey("secp256r1");
        KeyPair swept = TestCsrs.ecKey("secp256r1");
        KeyPair retried = TestCsrs.ecKey("secp256r1");
        URL accountUrl;
        URL sweptOrder;
        URL retriedOrder;
        ConfigurableApplicationContext first = StandaloneService.startWith(new Class<?>[] {Config.class}, dataDir,
                PASSWORD, ARGS);
        ExecutorService finalizing = Executors.newFixedThreadPool(2);
        try {
            HallmarkClient client = StandaloneService.client(first, dataDir);
            StallingCaa caa = first.getBean(StallingCaa.class);
            Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey)
                    .create(new AcmeTestClient(client).session());
            accountUrl = account.getLocation();
            Order a = readyOrder(account, caa, "takeover-swept.example");
            Order b = readyOrder(account, caa, "takeover-retried.example");
            sweptOrder = a.getLocation();
            retriedOrder = b.getLocation();
            caa.stall = true;
            caa.stalled = new CountDownLatch(2);
            finalizing.submit(() -> finalize(client, accountUrl, accountKey, a, swept, "takeover-swept.example"));
            finalizing.submit(() -> finalize(client, accountUrl, accountKey, b, retried, "takeover-retried.example"));
            assertThat(caa.stalled.await(60, TimeUnit.SECONDS)).as("both finalizes claimed their order").isTrue();
            for (Order order : List.of(a, b)) {
                order.fetch();
                assertThat(order.getStatus()).isEqualTo(Status.PROCESSING);
            }
        } finally {
            first.close(); // the node stops between the claim and the certificate
            finalizing.shutdownNow();
        }

        ConfigurableApplicationContext second = StandaloneService.startWith(new Class<?>[] {Config.class}, dataDir,
                PASSWORD, ARGS);
        try {
            HallmarkClient client = StandaloneService.client(second, dataDir);
            AcmeTestClient acme = new AcmeTestClient(client);
            Login login = acme.session().login(rebased(accountUrl, client), accountKey);
            String kid = login.getAccount().getLocation().toString();

            // the client finalizes again with a new key; the sweep may take the order over first from the kept CSR
            Order b = login.bindOrder(rebased(retriedOrder, client));
            KeyPair newer = TestCsrs.ecKey("secp256r1");
            HttpResponse<String> again = acme.postAsAccount(client.https(retriedOrder.getPath() + "/finalize")
                    .toString(), kid, accountKey, "{\"csr\":\"" + csr(newer, "takeover-retried.example") + "\"}");
            PublicKey expected;
            if (again.statusCode() == 200) {
                assertThat(Json.parse(again.body()).get("status").asText()).isIn("valid", "processing");
                expected = newer.getPublic();
            } else { // the sweep was first
                assertProblem(again, 403, "orderNotReady");
                expected = retried.getPublic();
            }
            assertThat(b.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            assertThat(b.getCertificate().getCertificate().getPublicKey().getEncoded()).isEqualTo(expected.getEncoded());

            // nobody finalizes this one again: the sweep issues it from the CSR its claim kept
            Order a = login.bindOrder(rebased(sweptOrder, client));
            assertThat(a.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            X509Certificate certificate = a.getCertificate().getCertificate();
            assertThat(certificate.getPublicKey().getEncoded()).isEqualTo(swept.getPublic().getEncoded());
            assertThat(certificate.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                    .containsExactly("takeover-swept.example");

            String accountId = kid.replaceAll(".*/account/", "");
            JdbcClient db = JdbcClient.create(second.getBean(DataSource.class));
            List<String> issued = db.sql("SELECT sans FROM certificate WHERE requester = ? ORDER BY sans")
                    .param("acme:" + accountId).query(String.class).list();
            assertThat(issued).as("one certificate per order").hasSize(2);
            assertThat(issued.get(0)).contains("takeover-retried.example");
            assertThat(issued.get(1)).contains("takeover-swept.example");
            var takeovers = client.get(client.admin(), "/api/v1/audit-events?action=acme.order.takeover",
                    "application/json");
            assertThat(takeovers.statusCode()).as(takeovers.body()).isEqualTo(200);
            Set<String> targets = new HashSet<>();
            Json.parse(takeovers.body()).get("items").forEach(e -> targets.add(e.get("target").asText()));
            assertThat(targets).containsExactlyInAnyOrder(id(sweptOrder), id(retriedOrder));
        } finally {
            second.close();
        }
    }

    private static Order readyOrder(Account account, StallingCaa caa, String domain) throws Exception {
        Order order = account.newOrder().domain(domain).create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        caa.answers.publish("http-01", domain, challenge.getToken(), challenge.getAuthorization());
        challenge.trigger();
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        return order;
    }

    /** A finalize whose answer does not matter: its node stops while it runs. */
    private static void finalize(HallmarkClient client, URL accountUrl, KeyPair accountKey, Order order, KeyPair key,
            String domain) {
        new AcmeTestClient(client).postAsAccount(order.getFinalizeLocation().toString(), accountUrl.toString(),
                accountKey, "{\"csr\":\"" + csr(key, domain) + "\"}");
    }

    private static String csr(KeyPair key, String domain) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(TestCsrs.csr().keys(key).subject("CN=" + domain)
                    .dns(domain).build().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same resource on the node now serving (the stopped node's URLs name its port). */
    private static URL rebased(URL url, HallmarkClient client) throws Exception {
        return client.https(url.getPath()).toURL();
    }

    private static String id(URL url) {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Answers validations as {@link TestValidationAuthority} does; while {@code stall} is set its CAA check hangs
     * until its node stops, as one waiting on a slow DNS server does when its node goes down.
     */
    static final class StallingCaa implements ValidationAuthority {

        final TestValidationAuthority answers = new TestValidationAuthority();
        volatile CountDownLatch stalled = new CountDownLatch(1);
        volatile boolean stall;

        @Override
        public ValidationOutcome validate(String challengeType, AcmeIdentifier identifier, String token,
                String keyAuthorization) {
            return answers.validate(challengeType, identifier, token, keyAuthorization);
        }

        @Override
        public ValidationOutcome checkCaa(AcmeIdentifier identifier, boolean wildcard) {
            if (stall) {
                stalled.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ValidationOutcome.failure("dns", "the CAA lookup was interrupted");
            }
            return ValidationOutcome.success();
        }
    }

    /** Not a scanned configuration, so that no other test's service picks it up: given to the nodes started here. */
    static class Config {
        @Bean
        @Primary
        StallingCaa stallingCaa() {
            return new StallingCaa();
        }
    }
}
