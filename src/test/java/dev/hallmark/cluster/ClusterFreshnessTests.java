package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.ClusterNodes.Node;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.Tools;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes on one PostgreSQL schema: a revocation made on one is seen by the other's caches, which
 * answer from memory, within one second: its pre-signed OCSP answers and its accepted administrator
 * certificates; also after the database has dropped every connection.
 */
class ClusterFreshnessTests {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    private static ClusterNodes cluster;
    private static Node a;
    private static Node b;
    private static HallmarkClient clientA;
    private static HallmarkClient clientB;
    private static Revocations onA;

    @BeforeAll
    static void startTwoNodes() {
        cluster = ClusterNodes.onFreshSchema("cluster_freshness", "cluster-freshness-password");
        a = cluster.start("a");
        b = cluster.start("b");
        clientA = a.client(a.dataDir());
        clientB = b.client(a.dataDir());
        onA = new Revocations(clientA, a.dataDir().resolve("test-freshness"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void ocspWhenRevokedOnOneNodeThenTheOtherNodesCachedAnswerSaysRevokedWithinOneSecond(TestInfo test)
            throws Exception {
        Revocations.Issued issued = onA.issue("ocsp-b.cluster.example", "server", "ocsp-b.cluster.example");
        byte[] request = new OCSPReqBuilder().addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1)), new JcaX509CertificateHolder(issued.issuer()),
                issued.certificate().getSerialNumber())).build().getEncoded();
        // B answers good, and keeps that answer pre-signed in its cache (refreshed only after 15 minutes)
        assertThat(status(clientB, request)).isEqualTo(CertificateStatus.GOOD);
        assertThat(status(clientB, request)).isEqualTo(CertificateStatus.GOOD);

        long revoked = revokeOnA(issued.serial());
        long seen = firstTime(() -> status(clientB, request) instanceof RevokedStatus);

        assertThat(Duration.ofNanos(seen - revoked)).as("revoked on A until B's OCSP says so").isLessThan(WITHIN);
        // and openssl, as a relying party, reads the same from B
        Tools.Result openssl = Tools.run(onA.dir(), "openssl", "ocsp", "-issuer", "issuing.pem", "-cert",
                issued.certFile().getFileName().toString(), "-url", clientB.http("/ocsp").toString(), "-CAfile",
                "root.pem", "-verify_other", "issuing.pem", "-no_nonce").assertSuccess();
        assertThat(openssl.stdout()).contains(issued.certFile().getFileName() + ": revoked");
    }

    @Test
    void administratorWhenRevokedOnOneNodeThenTheOtherNodeRefusesItWithinOneSecond() throws Exception {
        HttpClient operator = operator(clientA, "operator-revoked-on-a");
        // accepted on B, and remembered there (for up to 5 s without a signal)
        assertThat(listStatus(clientB, operator)).isEqualTo(200);
        assertThat(listStatus(clientB, operator)).isEqualTo(200);

        long revoked = revokeOnA(operatorSerial);
        long seen = firstTime(() -> listStatus(clientB, operator) == 401);

        assertThat(Duration.ofNanos(seen - revoked)).as("revoked on A until B refuses it").isLessThan(WITHIN);
    }

    @Test
    void administratorWhenTheDatabaseDroppedEveryConnectionThenARevocationStillReachesTheOtherNode() throws Exception {
        HttpClient operator = operator(clientA, "operator-after-reconnect");
        assertThat(listStatus(clientB, operator)).isEqualTo(200);
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getLong(1)).as("connections of the two nodes dropped").isPositive();
        }
        Thread.sleep(600); // B's signal poll meets its dead connection and gets a new one

        long revoked = revokeOnA(operatorSerial);
        long seen = firstTime(() -> listStatus(clientB, operator) == 401);

        assertThat(Duration.ofNanos(seen - revoked)).as("revoked on A until B refuses it").isLessThan(WITHIN);
    }

    private String operatorSerial;

    /** A new OPERATOR, made on A. */
    private HttpClient operator(HallmarkClient client, String name) {
        HttpResponse<String> created = client.postJson(client.admin(), "/api/v1/admins",
                "{\"name\":\"" + name + "\",\"role\":\"OPERATOR\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = Json.parse(created.body());
        operatorSerial = body.get("serial").asText();
        return client.withPkcs12(Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray());
    }

    private static int listStatus(HallmarkClient node, HttpClient caller) {
        return node.get(caller, "/api/v1/certificates?size=1", "application/json").statusCode();
    }

    /** Revokes on A (as the bootstrap ADMIN) and answers when A's answer came. */
    private static long revokeOnA(String serial) {
        onA.revoke(serial, "keyCompromise");
        return System.nanoTime();
    }

    private static CertificateStatus status(HallmarkClient node, byte[] request) {
        try {
            HttpResponse<byte[]> response = HallmarkClient.sendBytes(HttpClient.newHttpClient(), HttpRequest
                    .newBuilder(node.http("/ocsp")).header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build());
            OCSPResp ocsp = new OCSPResp(response.body());
            assertThat(ocsp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            return ((BasicOCSPResp) ocsp.getResponseObject()).getResponses()[0].getCertStatus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** When {@code condition} first held, polling it for up to 5 s; fails when it never does. */
    private static long firstTime(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not seen within 5 s");
    }
}
