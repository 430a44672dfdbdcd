package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.ClusterNodes.Node;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceProcess;
import dev.hallmark.support.TestCsrs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes on one PostgreSQL schema, one of them a process of its own, under issuance from eight
 * clients that alternate between them; the process is killed with SIGKILL mid-load, as a crash
 * does. Every certificate answered {@code 201} by either node is listed by the surviving node under
 * the same serial and its OCSP calls it good; the killed node failed only as a dead connection does;
 * the survivor kept issuing. A record without an answer may exist, but only for a request the killed
 * node had in flight, and no record is left half written.
 */
class NodeKillTests {

    private static final int CLIENTS = 8;
    /** Answers from each node before the kill, so that the killed node was really under load. */
    private static final int BEFORE_KILL = 100;
    /** Answers from the survivor to requests sent after the kill. */
    private static final int AFTER_KILL = 50;
    private static final String DOMAIN = ".kill.example";
    /** Against a hang, not a speed check. */
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    @Test
    void issueWhenANodeIsKilledUnderLoadThenNoAnsweredCertificateIsLostAndTheOtherNodeKeepsServing() throws Exception {
        try (ClusterNodes cluster = ClusterNodes.onFreshSchema("node_kill", "node-kill-password")) {
            Node a = cluster.start("a");
            ServiceProcess b = cluster.startProcess("b");
            Target survivor = new Target("survivor", a.client(a.dataDir()));
            Target victim = new Target("killed node", b.client(a.dataDir()));
            Load load = Load.start(survivor, victim);
            long diedAt;
            try {
                load.until(() -> load.answered(survivor) >= BEFORE_KILL && load.answered(victim) >= BEFORE_KILL);
                load.killing.set(true);
                b.kill();
                diedAt = System.nanoTime();
                load.until(() -> load.answeredAfter(survivor, diedAt) >= AFTER_KILL);
            } finally {
                load.stop();
            }
            assertThat(load.wrong).as(Load.WRONG).isEmpty();

            Map<String, String> answered = new HashMap<>();
            load.answers.forEach((name, answer) -> answered.put(name, answer.serial()));
            Map<String, String> listed = listed(survivor);
            Map<String, String> missing = new HashMap<>(answered);
            missing.entrySet().removeAll(listed.entrySet());
            assertThat(missing).as("answered 201 by either node, but not listed by the survivor under that serial")
                    .isEmpty();
            Set<String> unanswered = new HashSet<>(listed.keySet());
            unanswered.removeAll(answered.keySet());
            assertThat(unanswered).as("records without an answer: only of requests the killed node had in flight")
                    .isSubsetOf(load.lostBefore(diedAt));
            assertThat(rowsByStatus(cluster)).as("the load's certificate rows by status: none half written")
                    .isEqualTo(Map.of("VALID", (long) listed.size()));
            assertThat(notGoodOnOcsp(survivor, answered.values()))
                    .as("answered serials that the survivor's OCSP does not call good").isEmpty();
        }
    }

    /** A node as the clients reach it: as the bootstrap administrator, over HTTPS. */
    private record Target(String name, HallmarkClient client, HttpClient admin) {

        Target(String name, HallmarkClient client) {
            this(name, client, client.admin());
        }
    }

    /** A certificate answered 201: by whom, its serial, and when its request was sent ({@link System#nanoTime()}). */
    private record Answer(Target node, String serial, long sentAt) {
    }

    /** Issuance from {@link #CLIENTS} threads, each sending its requests to the two nodes in turn, until stopped. */
    private static final class Load {

        static final String WRONG = "answers other than 201, or failures other than the killed node's lost connections";

        final Map<String, Answer> answers = new ConcurrentHashMap<>();
        /** Requests to the killed node that failed after the kill began, by name, with the time they were sent. */
        final Map<String, Long> lost = new ConcurrentHashMap<>();
        final Queue<String> wrong = new ConcurrentLinkedQueue<>();
        final AtomicBoolean killing = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<?>> clients = new ArrayList<>();

        static Load start(Target survivor, Target victim) {
            Load load = new Load();
            for (int n = 0; n < CLIENTS; n++) {
                int client = n;
                load.clients.add(load.pool.submit(() -> load.run(client, survivor, victim)));
            }
            return load;
        }

        private void run(int client, Target survivor, Target victim) {
            for (int k = 0; !stopped.get(); k++) {
                Target target = (client + k) % 2 == 0 ? survivor : victim;
                String name = "c" + client + "-" + k + DOMAIN;
                String csr = TestCsrs.csr().subject("CN=" + name).dns(name).pem();
                long sentAt = System.nanoTime();
                try {
                    HttpResponse<String> response = target.client().issue(target.admin(), csr, "profile=server");
                    if (response.statusCode() == 201) {
                        answers.put(name, new Answer(target, serialOf(response.body()), sentAt));
                    } else {
                        wrong.add(target.name() + " answered " + name + " with " + response.statusCode() + " "
                                + response.body());
                    }
                } catch (UncheckedIOException e) {
                    if (target == victim && killing.get()) {
                        lost.put(name, sentAt);
                    } else {
                        wrong.add(target.name() + " failed " + name + ": " + e.getCause());
                    }
                } catch (RuntimeException e) {
                    wrong.add(target.name() + " answered " + name + " with what is not a certificate: " + e);
                }
            }
        }

        long answered(Target node) {
            return answers.values().stream().filter(a -> a.node() == node).count();
        }

        /** Answers from {@code node} to requests sent after {@code instant}. */
        long answeredAfter(Target node, long instant) {
            return answers.values().stream().filter(a -> a.node() == node && a.sentAt() > instant).count();
        }

        /** Names of the killed node's lost requests sent before {@code instant}: those it may have recorded. */
        Set<String> lostBefore(long instant) {
            Set<String> names = new HashSet<>();
            lost.forEach((name, sentAt) -> {
                if (sentAt < instant) {
                    names.add(name);
                }
            });
            return names;
        }

        /** Waits until {@code condition} holds; fails at once when a request went wrong, or at the deadline. */
        void until(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!condition.getAsBoolean()) {
                assertThat(wrong).as(WRONG).isEmpty();
                assertThat(System.nanoTime()).as("still waiting after %s with %d answers", DEADLINE, answers.size())
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
        }

        void stop() throws Exception {
            stopped.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("clients ended").isTrue();
            for (Future<?> client : clients) {
                client.get(); // an error no request accounted for
            }
        }
    }

    /** The survivor's listing of the load's certificates: serial by name, one record per name. */
    private static Map<String, String> listed(Target survivor) {
        HallmarkClient client = survivor.client();
        Map<String, String> serials = new HashMap<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> response = client.get(survivor.admin(),
                    "/api/v1/certificates?size=1000&page=" + page + "&q=" + DOMAIN, "application/json");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode items = Json.parse(response.body()).get("items");
            for (JsonNode item : items) {
                String name = item.get("commonName").asText();
                assertThat(serials.put(name, item.get("serial").asText())).as("a second record for " + name).isNull();
            }
            if (items.size() < 1000) {
                return serials;
            }
        }
    }

    /** Rows of the load's certificates in the database by status, pending ones (a signature's intent) included. */
    private static Map<String, Long> rowsByStatus(ClusterNodes cluster) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM certificate WHERE subject LIKE '%"
                     + DOMAIN + "' GROUP BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** Serials that the survivor's OCSP responder, asked over plain HTTP as relying parties ask, does not call good. */
    private static List<String> notGoodOnOcsp(Target survivor, Iterable<String> serials) throws Exception {
        X509Certificate issuer;
        try (InputStream chain = Files.newInputStream(survivor.client().bootstrap("ca-chain.pem"))) {
            issuer = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(chain);
        }
        var sha1 = new JcaDigestCalculatorProviderBuilder().build()
                .get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1));
        HttpClient http = HttpClient.newHttpClient();
        List<String> notGood = new ArrayList<>();
        for (String serial : serials) {
            var id = new CertificateID(sha1, new JcaX509CertificateHolder(issuer), new BigInteger(serial, 16));
            HttpResponse<byte[]> response = HallmarkClient.sendBytes(http, HttpRequest
                    .newBuilder(survivor.client().http("/ocsp")).header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new OCSPReqBuilder().addRequest(id).build()
                            .getEncoded())).build());
            OCSPResp ocsp = new OCSPResp(response.body());
            SingleResp single = ocsp.getStatus() == OCSPResp.SUCCESSFUL
                    ? ((BasicOCSPResp) ocsp.getResponseObject()).getResponses()[0] : null;
            if (single == null || !single.getCertID().equals(id) || single.getCertStatus() != CertificateStatus.GOOD) {
                notGood.add(serial);
            }
        }
        return notGood;
    }

    private static String serialOf(String pemChain) {
        try {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pemChain.getBytes(StandardCharsets.US_ASCII)));
            String hex = leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
            return hex.length() % 2 == 0 ? hex : "0" + hex;
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
