package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hallmark.config.SchemaFailureAnalyzer;
import dev.hallmark.signing.CaKeyException;
import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceProcess;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nodes (processes of their own) joining one PostgreSQL with nothing but its URL and the CA password: three empty nodes
 * started at once on an empty database make one CA (one of them does, under the start-up lock) and
 * all serve it, each with a TLS certificate of its own; a node started later joins it; a wrong
 * password or a schema newer than the node's stops the node and changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterJoinTests {

    private static final String PASSWORD = "cluster-join-password";

    private static ClusterNodes cluster;
    private static List<ServiceProcess> first;
    private static ServiceProcess bootstrapper;

    @BeforeAll
    static void startThreeEmptyNodesAtOnce() {
        cluster = ClusterNodes.onFreshSchema("cluster_join", PASSWORD);
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            starting.add(CompletableFuture.supplyAsync(() -> cluster.startProcess(name)));
        }
        first = starting.stream().map(CompletableFuture::join).toList();
        List<ServiceProcess> withAdmin = first.stream()
                .filter(n -> Files.exists(n.dataDir().resolve("bootstrap/admin.p12"))).toList();
        assertThat(withAdmin).as("nodes that wrote the first administrator's files").hasSize(1);
        bootstrapper = withAdmin.get(0);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void startWhenThreeEmptyNodesStartAtOnceThenOneCaOneAdministratorAndEveryNodeServesThatRoot() throws Exception {
        assertThat(count("SELECT COUNT(*) FROM ca_key")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM ca_key WHERE encrypted_key LIKE '-----BEGIN ENCRYPTED PRIVATE KEY-----%'"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM certificate WHERE profile IN ('root-ca', 'issuing-ca')")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM administrator")).isEqualTo(1);

        String root = rootPem(bootstrapper);
        for (ServiceProcess node : first) {
            assertThat(rootPem(node)).as(node.dataDir().toString()).isEqualTo(root);
            assertThat(Files.readString(node.dataDir().resolve("bootstrap/root-ca.pem"))).isEqualTo(root);
            assertThat(node.dataDir().resolve("ca/root.key")).doesNotExist();
        }
        assertServesItsOwnTlsCertificateUnderTheRoot(first);
    }

    @Test
    @Order(2)
    void issueWhenOnOneNodeThenListedByAnotherWithTheSameAdministrator() {
        HallmarkClient other = first.stream().filter(n -> n != bootstrapper).findFirst().orElseThrow()
                .client(bootstrapper.dataDir());
        var issued = other.issue(other.admin(), TestCsrs.csr().subject("CN=joined.cluster.example")
                .dns("joined.cluster.example").pem(), "profile=server");
        assertThat(issued.statusCode()).isEqualTo(201);
        String location = issued.headers().firstValue("Location").orElseThrow();
        HallmarkClient onBootstrapper = bootstrapper.client(bootstrapper.dataDir());
        var found = onBootstrapper.get(onBootstrapper.admin(), location, "application/json");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(Json.parse(found.body()).get("subject").asText()).isEqualTo("CN=joined.cluster.example");
    }

    @Test
    @Order(3)
    void startWhenANodeJoinsLaterThenItServesTheSameCaAndMakesNoneOfItsOwn() throws Exception {
        Map<String, Long> before = rowCounts();
        ServiceProcess late = cluster.startProcess("late");
        try {
            assertThat(rootPem(late)).isEqualTo(rootPem(bootstrapper));
            assertThat(late.dataDir().resolve("bootstrap/admin.p12")).doesNotExist();
            assertServesItsOwnTlsCertificateUnderTheRoot(List.of(bootstrapper, late));
            Map<String, Long> after = rowCounts();
            assertThat(after.get("ca_key")).isEqualTo(before.get("ca_key"));
            assertThat(after.get("administrator")).isEqualTo(before.get("administrator"));
            // what it made for itself: its TLS and OCSP responder certificates
            assertThat(after.get("certificate") - before.get("certificate")).isEqualTo(2);
        } finally {
            late.close();
        }
    }

    @Test
    @Order(4)
    void startWhenThePasswordDoesNotOpenTheDatabasesCaThenStopsSayingSoAndChangesNothing() throws Exception {
        Map<String, Long> before = rowCounts();
        Path dataDir = ServiceTest.newDataDir("node-wrong-password");

        Throwable failure = catchThrowable(() -> cluster.withPassword("not-the-password")
                .start("wrong-password", dataDir));

        assertThat(failure).hasRootCauseInstanceOf(CaKeyException.class);
        assertThat(rootCause(failure).getMessage()).isEqualTo("cannot decrypt the root CA key in the database"
                + " (table ca_key): wrong CA password (HALLMARK_CA_PASSWORD or <data-dir>/ca/password)");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(regularFiles(dataDir)).isEmpty();
    }

    @Test
    @Order(5)
    void startWhenTheDatabaseWasMigratedByANewerVersionThenRefusesAndChangesNothing() throws Exception {
        execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, installed_on, execution_time, success) VALUES (999, '999', 'from the future', 'SQL',"
                + " 'V999__from_the_future.sql', 0, 'hallmark', CURRENT_TIMESTAMP, 0, TRUE)");
        Map<String, Long> before = rowCounts();
        Path dataDir = ServiceTest.newDataDir("node-older");

        Throwable failure = catchThrowable(() -> cluster.start("older", dataDir));

        assertThat(failure).hasRootCauseInstanceOf(FlywayValidateException.class);
        assertThat(new SchemaFailureAnalyzer().analyze(failure).getDescription()).isEqualTo("Hallmark cannot use the"
                + " database: it was migrated by a newer Hallmark (schema version 999, which this version does not know)");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(regularFiles(dataDir)).isEmpty();
    }

    /** Each node presents a TLS certificate of its own, for its host names, that openssl verifies under the root. */
    private static void assertServesItsOwnTlsCertificateUnderTheRoot(List<ServiceProcess> nodes) throws Exception {
        Path rootFile = bootstrapper.dataDir().resolve("bootstrap/root-ca.pem");
        Set<String> serials = new TreeSet<>();
        for (ServiceProcess node : nodes) {
            HallmarkClient client = node.client(bootstrapper.dataDir());
            Tools.Result verified = Tools.run(node.dataDir(), "openssl", "s_client", "-connect",
                    "127.0.0.1:" + client.httpsPort(), "-CAfile", rootFile.toString(), "-verify_return_error",
                    "-verify_ip", "127.0.0.1", "-brief");
            assertThat(verified.exitCode()).as(node.dataDir() + ": " + verified.stderr()).isZero();
            assertThat(verified.stderr()).contains("Verification: OK");
            try (SSLSocket socket = (SSLSocket) client.trustingTls().getSocketFactory()
                    .createSocket("localhost", client.httpsPort())) {
                socket.startHandshake();
                serials.add(((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber()
                        .toString(16));
            }
        }
        assertThat(serials).as("one TLS certificate per node").hasSize(nodes.size());
    }

    private static String rootPem(ServiceProcess node) {
        HallmarkClient client = node.client(bootstrapper.dataDir());
        var response = HallmarkClient.send(client.anonymous(), HttpRequest.newBuilder(client.http("/ca/root.pem"))
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("ca_key", "certificate", "administrator", "audit_event", "revoked_certificate",
                "crl", "enrollment_token", "flyway_schema_history")) {
            counts.put(table, count("SELECT COUNT(*) FROM " + table));
        }
        return counts;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = cluster.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
