package dev.hallmark.web.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.acme.validation.AcmeIdentifier;
import dev.hallmark.acme.validation.ValidationAuthority;
import dev.hallmark.acme.validation.ValidationOutcome;
import dev.hallmark.storage.AcmeRecords;
import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestValidationAuthority;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A node that stops while a challenge is processing leaves a lease that runs out; the node started again on the same
 * database (H2), or another node of the cluster (PostgreSQL), takes the validation over and the client's order ends
 * valid or invalid as the client's answer says. The validation authority here hangs while asked to, as one waiting on
 * a slow client's server does when its node goes down.
 */
class AcmeValidationResumeTests {

    private static final String PASSWORD = "resume-tests-ca-password";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** A short lease, so that a stopped node's validations are taken over within seconds (the sweep runs every 5 s). */
    private static final String[] ARGS = {"--hallmark.acme.validation.timeout=1s",
        "--hallmark.acme.validation.lease=5s", "--logging.level.dev.hallmark.audit=warn"};

    @Test
    void respondWhenTheNodeStopsMidValidationThenTheRestartedNodeFinishesItValidOrInvalid() throws Exception {
        Path dataDir = ServiceTest.newDataDir("acme-resume");
        ConfigurableApplicationContext first = StandaloneService.startWith(new Class<?>[] {Config.class}, dataDir,
                PASSWORD, ARGS);
        KeyPair accountKey = TestCsrs.ecKey("secp256r1");
        Started good;
        Started bad;
        URL accountUrl;
        try {
            HallmarkClient client = StandaloneService.client(first, dataDir);
            StallingAuthority stalling = first.getBean(StallingAuthority.class);
            stalling.stall = true;
            stalling.stalled = new CountDownLatch(2);
            Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey)
                    .create(new AcmeTestClient(client).session());
            accountUrl = account.getLocation();
            good = start(account, "resume-good.example");
            bad = start(account, "resume-bad.example");
            assertThat(stalling.stalled.await(60, TimeUnit.SECONDS)).as("both validations reached the authority")
                    .isTrue();
            for (Started s : List.of(good, bad)) {
                s.challenge.fetch();
                assertThat(s.challenge.getStatus()).isEqualTo(Status.PROCESSING);
            }
        } finally {
            first.close(); // the node stops mid-validation
        }

        ConfigurableApplicationContext second = StandaloneService.startWith(new Class<?>[] {Config.class}, dataDir,
                PASSWORD, ARGS);
        try {
            HallmarkClient client = StandaloneService.client(second, dataDir);
            StallingAuthority answers = second.getBean(StallingAuthority.class);
            answers.answers.publish("http-01", "resume-good.example", good.token, good.keyAuthorization);
            answers.answers.publish("http-01", "resume-bad.example", bad.token, "not-the-key-authorization");
            Login login = new AcmeTestClient(client).session().login(rebased(accountUrl, client), accountKey);

            Order goodOrder = login.bindOrder(rebased(good.order, client));
            assertThat(goodOrder.waitUntilReady(WAIT)).isEqualTo(Status.READY);
            goodOrder.execute(TestCsrs.ecKey("secp256r1"));
            assertThat(goodOrder.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            assertThat(goodOrder.getCertificate().getCertificate().getSubjectAlternativeNames())
                    .extracting(n -> n.get(1).toString()).containsExactly("resume-good.example");

            Order badOrder = login.bindOrder(rebased(bad.order, client));
            awaitStatus(badOrder, Status.INVALID);
            Http01Challenge badChallenge = login.bindChallenge(rebased(bad.challenge.getLocation(), client),
                    Http01Challenge.class);
            assertThat(badChallenge.getStatus()).isEqualTo(Status.INVALID);
            assertThat(badChallenge.getError().orElseThrow().getType())
                    .isEqualTo(URI.create("urn:ietf:params:acme:error:incorrectResponse"));
            assertThat(answers.validations.get()).as("each stopped validation ran once more").isEqualTo(2);

            var resumed = client.get(client.admin(), "/api/v1/audit-events?action=acme.challenge.resume",
                    "application/json");
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
            // a set: the first node may have taken over its own stalled validation before it stopped
            Set<String> targets = new HashSet<>();
            Json.parse(resumed.body()).get("items").forEach(e -> targets.add(e.get("target").asText()));
            assertThat(targets).containsExactlyInAnyOrder(id(good.challenge.getLocation()),
                    id(bad.challenge.getLocation()));
        } finally {
            second.close();
        }
    }

    @Test
    void respondWhenOneOfTwoNodesStopsMidValidationThenTheOtherTakesItOverOnceCluster() throws Exception {
        try (ClusterNodes cluster = ClusterNodes.onFreshSchema("acme_resume", PASSWORD)) {
            ClusterNodes.Node a = cluster.startWith(new Class<?>[] {Config.class}, "a",
                    ServiceTest.newDataDir("node-a"), ARGS);
            ClusterNodes.Node b = cluster.startWith(new Class<?>[] {Config.class}, "b",
                    ServiceTest.newDataDir("node-b"), ARGS);
            StallingAuthority onA = a.context().getBean(StallingAuthority.class);
            StallingAuthority onB = b.context().getBean(StallingAuthority.class);
            onA.stall = true;
            HallmarkClient clientA = a.client(a.dataDir());
            KeyPair accountKey = TestCsrs.ecKey("secp256r1");
            Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey)
                    .create(new AcmeTestClient(clientA).session());
            Started started = start(account, "resume-cluster.example");
            assertThat(onA.stalled.await(60, TimeUnit.SECONDS)).isTrue();
            onB.answers.publish("http-01", "resume-cluster.example", started.token, started.keyAuthorization);
            cluster.stop(a);

            // node b was up all along: it takes the validation over once a's lease ran out
            HallmarkClient clientB = b.client(a.dataDir());
            Login login = new AcmeTestClient(clientB).session().login(rebased(account.getLocation(), clientB),
                    accountKey);
            Order order = login.bindOrder(rebased(started.order, clientB));
            assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
            order.execute(TestCsrs.ecKey("secp256r1"));
            assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            assertThat(onB.validations.get()).isEqualTo(1);

            // two nodes taking over one expired lease at the same moment: exactly one gets it (the second "node" is
            // a connection pool of its own on the same database, running the same conditional update)
            AcmeRecords recordsB = b.context().getBean(AcmeRecords.class);
            AcmeRecords recordsC = new AcmeRecords(new DriverManagerDataSource(cluster.url(), "hallmark", "hallmark"));
            String challengeId = expiredProcessingChallenge(cluster);
            // "now" an hour on, when its lease has run out: the nodes' own sweeps (at the real time) leave it alone
            Instant later = Instant.now().plus(Duration.ofHours(1));
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> takes = new ArrayList<>();
                for (AcmeRecords records : List.of(recordsB, recordsC)) {
                    takes.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        return records.takeOverLease(challengeId, "t" + System.nanoTime(), "node", later,
                                later.plusSeconds(30));
                    }));
                }
                assertThat(takes.get(0).get(60, TimeUnit.SECONDS) + takes.get(1).get(60, TimeUnit.SECONDS))
                        .isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A challenge left processing by a node gone, whose lease runs out in half an hour. */
    private static String expiredProcessingChallenge(ClusterNodes cluster) throws Exception {
        try (Connection db = cluster.connect()) {
            String authorization;
            try (PreparedStatement q = db.prepareStatement("SELECT authorization_id FROM acme_challenge LIMIT 1");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                authorization = rs.getString(1);
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO acme_challenge (id, authorization_id,"
                    + " type, token, status, lease_token, lease_holder, lease_until) VALUES (?, ?, 'http-01', ?,"
                    + " 'processing', 'gone', 'gone-node', ?)")) {
                insert.setString(1, "expired-lease-challenge");
                insert.setString(2, authorization);
                insert.setString(3, "expired-lease-token");
                insert.setObject(4, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(30));
                insert.executeUpdate();
            }
        }
        return "expired-lease-challenge";
    }

    /** A challenge the client triggered, and what the client would serve for it. */
    private record Started(URL order, Http01Challenge challenge, String token, String keyAuthorization) {
    }

    private static Started start(Account account, String domain) throws Exception {
        Order order = account.newOrder().domain(domain).create();
        Authorization authorization = order.getAuthorizations().get(0);
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
        challenge.trigger();
        return new Started(order.getLocation(), challenge, challenge.getToken(), challenge.getAuthorization());
    }

    private static void awaitStatus(Order order, Status wanted) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            order.fetch();
            if (order.getStatus() == wanted || Instant.now().isAfter(deadline)) {
                assertThat(order.getStatus()).isEqualTo(wanted);
                return;
            }
            Thread.sleep(250);
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
     * Answers as {@link TestValidationAuthority} does from what the test published; while {@code stall} is set it
     * hangs instead until its node stops (and then answers a failure, which a stopping node must not record).
     */
    static final class StallingAuthority implements ValidationAuthority {

        final TestValidationAuthority answers = new TestValidationAuthority();
        final AtomicInteger validations = new AtomicInteger();
        volatile CountDownLatch stalled = new CountDownLatch(1);
        volatile boolean stall;

        @Override
        public ValidationOutcome validate(String challengeType, AcmeIdentifier identifier, String token,
                String keyAuthorization) {
            validations.incrementAndGet();
            if (stall) {
                stalled.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ValidationOutcome.failure("connection", "the validation was interrupted");
            }
            return answers.validate(challengeType, identifier, token, keyAuthorization);
        }

        @Override
        public ValidationOutcome checkCaa(AcmeIdentifier identifier, boolean wildcard) {
            return ValidationOutcome.success();
        }
    }

    /** Not a scanned configuration, so that no other test's service picks it up: given to the nodes started here. */
    static class Config {
        @Bean
        @Primary
        StallingAuthority stallingAuthority() {
            return new StallingAuthority();
        }
    }
}
