package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.ClusterNodes.Node;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes on one PostgreSQL under concurrent load, started once for the class: thousands of
 * issuances split across the nodes get distinct serials and are listed by every node, and an
 * enrollment token presented to both nodes at once yields one certificate.
 */
class ClusterLoadTests {

    private static final int ISSUANCES = 2000;
    private static final int CLIENTS = 32;

    private static ClusterNodes cluster;
    private static HallmarkClient clientA;
    private static HallmarkClient clientB;

    @BeforeAll
    static void startTwoNodes() {
        cluster = ClusterNodes.onFreshSchema("cluster_load", "cluster-load-password");
        Node a = cluster.start("a");
        Node b = cluster.start("b");
        clientA = a.client(a.dataDir());
        clientB = b.client(a.dataDir());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void issueWhenThousandsAtOnceSplitAcrossTwoNodesThenSerialsAreDistinctAndEveryNodeListsAll() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> issued = new ArrayList<>();
        try {
            for (int i = 0; i < ISSUANCES; i++) {
                HallmarkClient client = i % 2 == 0 ? clientA : clientB;
                String name = "load-" + i + ".cluster.example";
                issued.add(pool.submit(() -> {
                    var response = client.issue(client.admin(), TestCsrs.csr().subject("CN=" + name).dns(name).pem(),
                            "profile=server");
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                    return serialOf(response.body());
                }));
            }
            Set<String> serials = new HashSet<>();
            for (Future<String> f : issued) {
                serials.add(f.get());
            }
            assertThat(serials).hasSize(ISSUANCES);
            assertThat(listed(clientA, ".cluster.example")).containsAll(serials);
            assertThat(listed(clientB, ".cluster.example")).containsAll(serials);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void issueWhenOneTokenIsPresentedToBothNodesAtOnceThenItIsSpentOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "raced-" + round;
                Tokens.Token token = Tokens.device(clientA, name);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<HttpResponse<String>> onA = pool.submit(() -> bearer(clientA, token, name, together));
                Future<HttpResponse<String>> onB = pool.submit(() -> bearer(clientB, token, name, together));
                List<Integer> statuses = List.of(onA.get().statusCode(), onB.get().statusCode());

                assertThat(statuses).as(name).containsExactlyInAnyOrder(201, 401);
                assertThat(Tokens.state(clientB, token.id())).isEqualTo("used");
                var listed = clientB.get(clientB.admin(), "/api/v1/certificates?q=" + name, "application/json");
                assertThat(Json.parse(listed.body()).get("totalItems").asLong()).as(name).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<String> bearer(HallmarkClient client, Tokens.Token token, String name,
            CyclicBarrier together) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(client.https("/api/v1/certificates"))
                .header("Content-Type", "application/pkcs10").header("Authorization", "Bearer " + token.token())
                .POST(HttpRequest.BodyPublishers.ofString(TestCsrs.csr().subject("CN=" + name).pem())).build();
        var http = client.anonymous();
        together.await();
        return HallmarkClient.send(http, request);
    }

    /** Every serial the node lists for the text, page by page. */
    private static Set<String> listed(HallmarkClient client, String text) {
        Set<String> serials = new HashSet<>();
        for (int page = 0; ; page++) {
            var response = client.get(client.admin(), "/api/v1/certificates?size=1000&page=" + page + "&q=" + text,
                    "application/json");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode items = Json.parse(response.body()).get("items");
            items.forEach(item -> serials.add(item.get("serial").asText()));
            if (items.size() < 1000) {
                return serials;
            }
        }
    }

    private static String serialOf(String pemChain) throws Exception {
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pemChain.getBytes(StandardCharsets.US_ASCII)));
        String hex = leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }
}
