package dev.hallmark.cluster;

import static dev.hallmark.support.AcmeTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.AcmeTestClient;
import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.TestValidationAuthority;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes on one PostgreSQL serve one ACME state: a nonce made on one node is spent on the other, once; the same
 * order finalized on both nodes at the same moment gets exactly one certificate, decided by the conditional update in
 * the database, and both nodes then answer the same order with the same certificate.
 */
class ClusterAcmeFinalizeTests {

    private static final String PASSWORD = "cluster-acme-finalize-password";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Finalizes sent to each node at once. */
    private static final int PER_NODE = 3;

    @Test
    void finalizeWhenTheSameOrderOnTwoNodesAtOnceThenExactlyOneCertificateAndBothNodesAnswerIt() throws Exception {
        try (ClusterNodes cluster = ClusterNodes.onFreshSchema("cluster_acme_finalize", PASSWORD)) {
            ClusterNodes.Node a = cluster.startWith(new Class<?>[] {TestValidationAuthority.Config.class}, "a",
                    ServiceTest.newDataDir("node-a"), "--logging.level.dev.hallmark.audit=warn");
            ClusterNodes.Node b = cluster.startWith(new Class<?>[] {TestValidationAuthority.Config.class}, "b",
                    ServiceTest.newDataDir("node-b"), "--logging.level.dev.hallmark.audit=warn");
            List<AcmeTestClient> nodes = List.of(new AcmeTestClient(a.client(a.dataDir())),
                    new AcmeTestClient(b.client(a.dataDir())));
            var key = TestCsrs.ecKey("secp256r1");
            Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(key)
                    .create(nodes.get(0).session());
            String accountId = path(account.getLocation().getPath());
            Order order = account.newOrder().domain("cluster-race.example").create();
            Authorization authorization = order.getAuthorizations().get(0);
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
            for (ClusterNodes.Node node : List.of(a, b)) { // whichever node validates finds the answer
                node.context().getBean(TestValidationAuthority.class).publish("http-01", "cluster-race.example",
                        challenge.getToken(), challenge.getAuthorization());
            }
            challenge.trigger();
            assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
            String orderPath = order.getLocation().getPath();

            // a nonce of node a is good once, on node b
            String nonce = nodes.get(0).nonce();
            assertThat(postAsGet(nodes.get(1), orderPath, accountId, key, nonce).statusCode()).isEqualTo(200);
            assertProblem(postAsGet(nodes.get(0), orderPath, accountId, key, nonce), 400, "badNonce");

            // the same order finalized on both nodes at once, each request with a nonce of the other node
            String payload = "{\"csr\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(TestCsrs.csr()
                    .subject("CN=cluster-race.example").dns("cluster-race.example").build().getEncoded()) + "\"}";
            List<AcmeTestClient> targets = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 2 * PER_NODE; i++) {
                AcmeTestClient target = nodes.get(i % 2);
                String url = target.url(orderPath.substring("/acme".length()) + "/finalize");
                targets.add(target);
                bodies.add(AcmeTestClient.jws(AcmeTestClient.kidHeader(url, nodes.get((i + 1) % 2).nonce(),
                        kid(target, accountId)), payload, key));
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
            List<HttpResponse<String>> answers = new ArrayList<>();
            try {
                List<Future<HttpResponse<String>>> sent = new ArrayList<>();
                for (int i = 0; i < bodies.size(); i++) {
                    AcmeTestClient target = targets.get(i);
                    String body = bodies.get(i);
                    sent.add(pool.submit(() -> {
                        start.await();
                        return target.post(target.url(orderPath.substring("/acme".length()) + "/finalize"),
                                "application/jose+json", body);
                    }));
                }
                start.countDown();
                for (Future<HttpResponse<String>> answer : sent) {
                    answers.add(answer.get(120, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> issuedCertificates = new ArrayList<>();
            int refused = 0;
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() == 200) {
                    JsonNode issued = Json.parse(answer.body());
                    assertThat(issued.get("status").asText()).isEqualTo("valid");
                    issuedCertificates.add(path(issued.get("certificate").asText()));
                } else {
                    assertProblem(answer, 403, "orderNotReady");
                    refused++;
                }
            }
            assertThat(issuedCertificates).as("finalizes that issued").hasSize(1);
            assertThat(refused).isEqualTo(2 * PER_NODE - 1);
            try (Connection db = cluster.connect(); PreparedStatement q = db.prepareStatement(
                    "SELECT serial FROM certificate WHERE requester = ?")) {
                q.setString(1, "acme:" + accountId);
                try (ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(issuedCertificates.get(0)).isEqualToIgnoringCase(rs.getString(1));
                    assertThat(rs.next()).as("a second certificate").isFalse();
                }
            }

            // both nodes answer the order valid with that certificate, and serve the same chain for it
            List<String> chains = new ArrayList<>();
            for (AcmeTestClient node : nodes) {
                HttpResponse<String> shown = postAsGet(node, orderPath, accountId, key, node.nonce());
                JsonNode seen = Json.parse(shown.body());
                assertThat(seen.get("status").asText()).isEqualTo("valid");
                assertThat(path(seen.get("certificate").asText())).isEqualTo(issuedCertificates.get(0));
                HttpResponse<String> chain = postAsGet(node, "/acme/cert/" + issuedCertificates.get(0), accountId,
                        key, node.nonce());
                assertThat(chain.statusCode()).as(chain.body()).isEqualTo(200);
                chains.add(chain.body());
            }
            assertThat(chains.get(1)).isEqualTo(chains.get(0)).startsWith("-----BEGIN CERTIFICATE-----");
        }
    }

    private static HttpResponse<String> postAsGet(AcmeTestClient node, String path, String accountId,
            java.security.KeyPair key, String nonce) {
        String url = node.url(path.substring("/acme".length()));
        return node.post(url, "application/jose+json", AcmeTestClient.jws(AcmeTestClient.kidHeader(url, nonce,
                kid(node, accountId)), "", key));
    }

    /** The account's URL on that node (each node names its own host and port). */
    private static String kid(AcmeTestClient node, String accountId) {
        return node.url("/account/" + accountId);
    }

    private static String path(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
