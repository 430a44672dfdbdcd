package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.ClusterNodes.Node;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.ThrowawayPostgres;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running node, and started again: the node's database is a
 * {@link ThrowawayPostgres} of this class alone, stopped with {@code pg_ctl stop -m fast} while
 * certificates are being issued (open transactions are rolled back, every session ends, the port
 * refuses connections). While it is down every front end answers in its own form that it is
 * unavailable and when to try again, and cached OCSP answers are still served; nothing is left
 * half-written; once it is started again on the same port, requests succeed again without a
 * restart of the node.
 */
class DatabaseOutageTests {

    private static ThrowawayPostgres postgres;
    private static ClusterNodes cluster;
    private static Node node;
    private static HallmarkClient client;
    private static Revocations revocations;

    @BeforeAll
    static void startANodeOnItsOwnPostgresql() throws IOException {
        Tools.require("openssl");
        // under the system's temporary directory, not target/: the server runs as user postgres, who may not
        // be able to enter the directory of a checkout (a CI clone under /root)
        postgres = ThrowawayPostgres.create(Files.createTempDirectory("hallmark-postgres-"));
        cluster = ClusterNodes.on(postgres.url(), "database-outage-password");
        node = cluster.start("a");
        client = node.client(node.dataDir());
        revocations = new Revocations(client, node.dataDir().resolve("test-outage"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void requestsWhenPostgresqlIsStoppedThenEachFrontEndSaysTryLaterNothingIsHalfWrittenAndItRecoversByItself()
            throws Exception {
        Revocations.Issued before = revocations.issue("before.outage.example", "server", "before.outage.example");
        assertThat(ocspStatus(before)).contains(before.certFile() + ": good"); // now cached
        Tokens.Token token = Tokens.device(client, "outage-device");
        Queue<String> answered = new ConcurrentLinkedQueue<>();
        Queue<String> neither = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> loaders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            loaders.add(load.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    String name = "load-" + thread + "-" + i + ".outage.example";
                    var response = client.issue(client.admin(), TestCsrs.csr().subject("CN=" + name).dns(name).pem(),
                            "profile=server");
                    if (response.statusCode() == 201) {
                        answered.add(serialOf(response.body()));
                    } else if (response.statusCode() != 503) {
                        neither.add(response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        while (answered.size() < 4 && loaders.stream().noneMatch(Future::isDone)) {
            Thread.onSpinWait();
        }

        postgres.stop();
        // each front end at once: each waits for the pool's connection timeout
        CompletableFuture<HttpResponse<String>> rest = CompletableFuture.supplyAsync(() -> client.issue(client.admin(),
                TestCsrs.csr().subject("CN=during.outage.example").dns("during.outage.example").pem(), "profile=server"));
        CompletableFuture<HttpResponse<String>> est = CompletableFuture.supplyAsync(() -> simpleEnroll(token));
        CompletableFuture<HttpResponse<String>> acme = CompletableFuture.supplyAsync(() -> HallmarkClient.send(
                client.anonymous(), HttpRequest.newBuilder(client.https("/acme/new-nonce")).GET().build()));
        CompletableFuture<Tools.Result> ocsp = CompletableFuture.supplyAsync(() -> Tools.run(revocations.dir(),
                "openssl", "ocsp", "-issuer", "issuing.pem", "-serial", "0x7E57AB1E", "-url",
                client.http("/ocsp").toString(), "-no_nonce", "-noverify"));
        assertThat(ocspStatus(before)).as("cached before the stop").contains(before.certFile() + ": good");

        assertThat(rest.get().statusCode()).as(rest.get().body()).isEqualTo(503);
        assertThat(rest.get().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(rest.get().headers().firstValue("Retry-After")).hasValue("10");
        assertThat(Json.parse(rest.get().body()).get("type").asText()).isEqualTo("urn:hallmark:problem:unavailable");
        assertThat(Json.parse(rest.get().body()).get("detail").asText())
                .isEqualTo("the CA's database cannot be reached; nothing was changed, try again shortly");

        assertThat(est.get().statusCode()).as(est.get().body()).isEqualTo(503);
        assertThat(est.get().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(est.get().headers().firstValue("Retry-After")).hasValue("10");
        assertThat(est.get().body()).contains("the CA's database cannot be reached");

        assertThat(acme.get().statusCode()).as(acme.get().body()).isEqualTo(503);
        assertThat(acme.get().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(acme.get().headers().firstValue("Retry-After")).hasValue("10");
        assertThat(Json.parse(acme.get().body()).get("type").asText())
                .isEqualTo("urn:ietf:params:acme:error:serverInternal");
        assertThat(acme.get().headers().firstValue("Replay-Nonce")).isEmpty();

        assertThat(ocsp.get().stdout() + ocsp.get().stderr()).containsIgnoringCase("trylater");

        loading.set(false);
        postgres.start();
        for (Future<?> loader : loaders) {
            loader.get();
        }
        load.shutdown();
        // in flight when the server stopped, sent while it was down or as it came back: issued, or told to try later
        assertThat(neither).isEmpty();

        // back without a restart of the node: the pool replaces the connections the stop ended
        Revocations.Issued after = revocations.issue("after.outage.example", "server", "after.outage.example");
        assertThat(Tokens.state(client, token.id())).isEqualTo("unused");
        assertThat(simpleEnroll(token).statusCode()).isEqualTo(200);
        assertThat(ocspStatus(after)).contains(after.certFile() + ": good");

        // no half records: nothing reserved and left unsigned, every answered certificate stored whole
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM certificate WHERE status = 'PENDING' OR der IS NULL")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            List<String> stored = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT serial FROM certificate WHERE status = 'VALID'")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertThat(answered).isNotEmpty();
            assertThat(stored).containsAll(answered).contains(before.serial(), after.serial());
        }
        assertThat(before.serial()).isNotEqualTo(after.serial());
    }

    /** {@code openssl ocsp} without a nonce, as relying parties ask: the answer the responder caches. */
    private static String ocspStatus(Revocations.Issued issued) {
        return Tools.run(revocations.dir(), "openssl", "ocsp", "-issuer", "issuing.pem", "-cert",
                issued.certFile().toString(), "-url", client.http("/ocsp").toString(), "-no_nonce", "-noverify")
                .assertSuccess().stdout();
    }

    /** The serial of the first certificate of a PEM chain, as the database stores it. */
    private static String serialOf(String pemChain) {
        try {
            var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
                            pemChain.getBytes(StandardCharsets.US_ASCII)));
            String hex = certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
            return hex.length() % 2 == 0 ? hex : "0" + hex;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EST simpleenroll with the token as HTTP Basic credentials, a base64 CSR body. */
    private static HttpResponse<String> simpleEnroll(Tokens.Token token) {
        String csr;
        try {
            csr = Base64.getMimeEncoder().encodeToString(TestCsrs.csr().subject("CN=outage-device").build().getEncoded());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String basic = Base64.getEncoder().encodeToString((token.id() + ":" + token.token())
                .getBytes(StandardCharsets.UTF_8));
        return HallmarkClient.send(client.anonymous(), HttpRequest.newBuilder(client.https("/.well-known/est/simpleenroll"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofString(csr)).build());
    }
}
