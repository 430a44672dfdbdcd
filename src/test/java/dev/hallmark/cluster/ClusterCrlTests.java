package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.config.RevocationConfiguration.RevocationUpkeep;
import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.ClusterNodes.Node;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.Tools;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema, over real HTTP(S): a CRL is signed once, stored, and served
 * by both; numbers never go down; equal numbers are equal bytes; a revocation on one node is on
 * the next CRL fetched from the other; the CRL schedule runs on one node.
 */
class ClusterCrlTests {

    /** The issuing CA's issuer NameID, as the database keeps it. */
    private static final String ISSUING = "(SELECT issuer_id FROM ca_key WHERE role = 'ISSUING')";

    private static ClusterNodes cluster;
    private static Node a;
    private static Node b;
    private static HallmarkClient clientA;
    private static HallmarkClient clientB;
    private static Revocations onA;
    private static Revocations onB;

    @BeforeAll
    static void startTwoNodes() {
        cluster = ClusterNodes.onFreshSchema("cluster_crl", "cluster-crl-password");
        // a CRL is due for re-signing a second after it was signed: the schedule's lock decides who signs
        a = cluster.start("a", "--hallmark.revocation.crl.regenerate-interval=1s");
        b = cluster.start("b", "--hallmark.revocation.crl.regenerate-interval=1s");
        clientA = a.client(a.dataDir());
        clientB = b.client(a.dataDir());
        onA = new Revocations(clientA, a.dataDir().resolve("test-a"));
        onB = new Revocations(clientB, a.dataDir().resolve("test-b"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void crlWhenRevokedOnOneNodeThenNextFetchOnEachNodeListsItWithTheSameBytesForTheSameNumber() throws Exception {
        Map<BigInteger, String> digests = new ConcurrentHashMap<>();
        BigInteger lastOnA = BigInteger.ZERO;
        BigInteger lastOnB = BigInteger.ZERO;
        for (int i = 0; i < 6; i++) {
            Revocations issuer = i % 2 == 0 ? onA : onB;
            Revocations revoker = i % 2 == 0 ? onB : onA;
            String serial = issuer.issue("crl-" + i + ".cluster.example", "server", "crl-" + i + ".cluster.example").serial();
            revoker.revoke(serial, "keyCompromise");

            byte[] fromA = onA.fetch("/crl");
            byte[] fromB = onB.fetch("/crl");

            for (byte[] crl : List.of(fromA, fromB)) {
                X509CRLHolder holder = new X509CRLHolder(crl);
                assertThat(holder.getRevokedCertificate(new BigInteger(serial, 16))).as("revoked " + serial).isNotNull();
                String earlier = digests.putIfAbsent(number(holder), sha256(crl));
                assertThat(earlier).as("CRL " + number(holder) + " fetched twice").isIn(null, sha256(crl));
            }
            assertThat(number(new X509CRLHolder(fromA))).isGreaterThanOrEqualTo(lastOnA);
            assertThat(number(new X509CRLHolder(fromB))).isGreaterThanOrEqualTo(lastOnB);
            lastOnA = number(new X509CRLHolder(fromA));
            lastOnB = number(new X509CRLHolder(fromB));
        }

        // what was served is what is stored, signed once
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT crl_number, sha256 FROM crl WHERE issuer_id = " + ISSUING)) {
            Map<BigInteger, String> stored = new java.util.HashMap<>();
            while (rs.next()) {
                stored.put(BigInteger.valueOf(rs.getLong(1)), rs.getString(2));
            }
            digests.forEach((number, digest) -> {
                if (stored.containsKey(number)) { // the oldest may have been cleaned up
                    assertThat(stored.get(number)).as("stored CRL " + number).isEqualTo(digest);
                }
            });
        }
        Path dir = onB.dir();
        onB.fetchTo("/crl", "from-b.crl");
        Tools.run(dir, "openssl", "crl", "-inform", "DER", "-in", "from-b.crl", "-CAfile", "ca-chain.pem", "-noout",
                "-verify").assertSuccess();
    }

    @Test
    void crlWhenFetchedFromBothNodesWhileBothRevokeThenNumbersNeverGoDownAndEqualNumbersAreEqualBytes()
            throws Exception {
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            serials.add((i % 2 == 0 ? onA : onB).issue("race-" + i + ".cluster.example", "server",
                    "race-" + i + ".cluster.example").serial());
        }
        Map<BigInteger, String> digests = new ConcurrentHashMap<>();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fetchers = new ArrayList<>();
            for (Revocations node : List.of(onA, onB)) {
                fetchers.add(pool.submit(() -> {
                    BigInteger last = BigInteger.ZERO;
                    while (!stop.get()) {
                        byte[] crl = node.fetch("/crl");
                        BigInteger number = number(new X509CRLHolder(crl));
                        if (number.compareTo(last) < 0) {
                            problems.add("CRL " + number + " after " + last);
                        }
                        last = number;
                        String earlier = digests.putIfAbsent(number, sha256(crl));
                        if (earlier != null && !earlier.equals(sha256(crl))) {
                            problems.add("two different CRLs numbered " + number);
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> revokers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Revocations node = r == 0 ? onA : onB;
                List<String> mine = serials.subList(r * 4, r * 4 + 4);
                revokers.add(pool.submit(() -> {
                    for (String serial : mine) {
                        node.revoke(serial, "superseded");
                        X509CRLHolder after = new X509CRLHolder((node == onA ? onB : onA).fetch("/crl"));
                        if (after.getRevokedCertificate(new BigInteger(serial, 16)) == null) {
                            problems.add(serial + " revoked but not on the other node's next CRL " + number(after));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : revokers) {
                f.get(120, TimeUnit.SECONDS);
            }
            stop.set(true);
            for (Future<?> f : fetchers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
        assertThat(digests).hasSizeGreaterThan(1);
    }

    @Test
    void crlScheduleWhenRunOnBothNodesThenOneSignsAndBothServeIt() throws Exception {
        long before = storedCrls();
        Thread.sleep(1_100); // the stored CRL is now due (regenerate-interval 1s)

        a.context().getBean(RevocationUpkeep.class).regenerateCrls();
        Thread.sleep(1_100); // due again, but the schedule's lock is held for at least 30 s
        b.context().getBean(RevocationUpkeep.class).regenerateCrls();

        assertThat(completeCrlsAbove(before)).as("issuing CRLs signed by the two runs of the schedule").isEqualTo(1);
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT lock_until > CURRENT_TIMESTAMP AT TIME ZONE 'UTC' FROM shedlock"
                     + " WHERE name = 'crl-regeneration'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("the lock is held past the second run").isTrue();
        }
        BigInteger newest = number(new X509CRLHolder(onA.fetch("/crl")));
        assertThat(number(new X509CRLHolder(onB.fetch("/crl")))).isEqualTo(newest);
    }

    /** The issuing CA's newest stored CRL number (complete or delta). */
    private static long storedCrls() throws Exception {
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(crl_number) FROM crl WHERE issuer_id = " + ISSUING)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many complete CRLs of the issuing CA are numbered above {@code number} (the schedule signs deltas too). */
    private static long completeCrlsAbove(long number) throws Exception {
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM crl WHERE issuer_id = " + ISSUING + " AND base_number IS NULL"
                     + " AND crl_number > " + number)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static BigInteger number(X509CRLHolder crl) {
        return ASN1Integer.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getValue();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
