package dev.hallmark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.storage.AuditChain;
import dev.hallmark.storage.AuditRecords;
import dev.hallmark.storage.AuditRow;
import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.HallmarkCommand;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar hallmark.jar verify-audit} in a JVM of its own, on the trail of a stopped H2
 * service and of two PostgreSQL nodes that appended to it at once: intact it prints the count and
 * the head the API shows; after rows were changed, deleted or swapped directly in the database it
 * exits 1 naming the first broken event. A signed checkpoint taken over the API (and, on H2, one the
 * schedule signed) shows what the chain alone cannot: a tail cut off with the head row rewound, a
 * trail rewritten with new hashes. Each test puts back what it broke.
 */
class VerifyAuditCommandTests {

    private static final String PASSWORD = "verify-audit-password";

    enum Db {
        H2, POSTGRESQL
    }

    /** How to reach one database, from the test and from the command, and what the API showed. */
    private record Trail(Path dataDir, String jdbcUrl, String user, String password, List<String> commandArgs,
            long events, String head, Path checkpoint, JsonNode checkpointView) {

        long checkpointSequence() {
            return checkpointView.get("sequence").asLong();
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }
    }

    private static final Map<Db, Trail> trails = new LinkedHashMap<>();
    private static ClusterNodes cluster;
    /** The H2 service's first checkpoint, which its schedule signed. */
    private static JsonNode scheduled;

    private static Trail trail(Db db) throws Exception {
        Trail trail = trails.get(db);
        if (trail == null) {
            trail = db == Db.H2 ? stoppedH2Service() : twoPostgresNodes();
            trails.put(db, trail);
        }
        return trail;
    }

    /**
     * A service that audited a few actions, signed checkpoints on its schedule and on demand, and was
     * stopped: H2 admits one process at a time.
     */
    private static Trail stoppedH2Service() throws Exception {
        Path dataDir = ServiceTest.newDataDir("verify-audit-h2");
        JsonNode newest;
        JsonNode checkpoint;
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, PASSWORD,
                "--hallmark.audit.checkpoint-interval=1s")) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            for (int i = 0; i < 4; i++) {
                Tokens.device(client, "h2-device-" + i);
            }
            scheduled = scheduledCheckpoint(client);
            checkpoint = checkpoint(client);
            newest = newest(client);
        }
        return new Trail(dataDir, "jdbc:h2:file:" + dataDir.resolve("db/hallmark"), "hallmark", "",
                List.of("--data-dir", dataDir.toString()), newest.get("sequence").asLong(), newest.get("hash").asText(),
                save(dataDir, checkpoint), checkpoint);
    }

    /** Two nodes on one schema, both appending at once from several clients; they keep running. */
    private static Trail twoPostgresNodes() throws Exception {
        cluster = ClusterNodes.onFreshSchema("verify_audit", PASSWORD);
        ClusterNodes.Node a = cluster.start("a");
        ClusterNodes.Node b = cluster.start("b"); // joins through the database, which holds the CA keys
        List<HallmarkClient> clients = List.of(a.client(a.dataDir()), b.client(a.dataDir()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                HallmarkClient client = clients.get(t % 2);
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        Tokens.device(client, "pg-device-" + thread + "-" + i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode checkpoint = checkpoint(clients.get(1));
        JsonNode newest = newest(clients.get(0));
        return new Trail(a.dataDir(), cluster.url(), "hallmark", "hallmark",
                List.of("--spring.datasource.url=" + cluster.url(), "--spring.datasource.username=hallmark",
                        "--spring.datasource.password=hallmark"),
                newest.get("sequence").asLong(), newest.get("hash").asText(), save(a.dataDir(), checkpoint), checkpoint);
    }

    private static JsonNode newest(HallmarkClient client) {
        var response = client.get(client.admin(), "/api/v1/audit-events?size=1", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body()).get("items").get(0);
    }

    /** A checkpoint the administrator asks for; it is audited as the event after the one it names. */
    private static JsonNode checkpoint(HallmarkClient client) {
        var response = HallmarkClient.send(client.admin(), HttpRequest.newBuilder(client.https("/api/v1/audit-checkpoints"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.parse(response.body());
    }

    /** Waits for the schedule's first checkpoint, which the tokens just created call for. */
    private static JsonNode scheduledCheckpoint(HallmarkClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5); // a guard against a hang, not a timing
        while (System.nanoTime() < deadline) {
            var response = client.get(client.admin(), "/api/v1/audit-checkpoints?size=1", "application/json");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode items = Json.parse(response.body()).get("items");
            if (!items.isEmpty()) {
                return items.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no scheduled checkpoint");
    }

    /** The checkpoint kept elsewhere, as its PEM file. */
    private static Path save(Path dir, JsonNode checkpoint) throws IOException {
        Path file = dir.resolve("checkpoint-" + checkpoint.get("id").asLong() + ".pem");
        Files.writeString(file, checkpoint.get("checkpointPem").asText());
        return file;
    }

    @AfterAll
    static void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void concurrentAppendsWhenFromTwoNodesThenSequenceHasNoGap() throws Exception {
        Trail trail = trail(Db.POSTGRESQL);
        try (Connection c = trail.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(sequence_number), MAX(sequence_number),"
                        + " COUNT(DISTINCT previous_hash) FROM audit_event")) {
            rs.next();
            assertThat(rs.getLong(2)).isEqualTo(1);
            assertThat(rs.getLong(3)).isEqualTo(rs.getLong(1)).isEqualTo(trail.events());
            assertThat(rs.getLong(4)).as("no two events claim the same predecessor").isEqualTo(rs.getLong(1));
            // the two nodes' tokens, 40 in all, are in the chain besides what the first starts audited
            assertThat(rs.getLong(1)).isGreaterThan(40);
        }
        assertIntact(trail);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenIntactThenExitZeroWithCountAndTheApisHead(Db db) throws Exception {
        assertIntact(trail(db));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenEventChangedThenNamesIt(Db db) throws Exception {
        Trail trail = trail(db);
        long target = trail.events() - 2;
        String original = column(trail, "SELECT actor FROM audit_event WHERE sequence_number = " + target);
        update(trail, "UPDATE audit_event SET actor = 'admin:someone-else' WHERE sequence_number = " + target);
        try {
            var result = verify(trail);
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).startsWith("broken: event #" + target + " (id ")
                    .contains("was changed: its content no longer matches its hash");
        } finally {
            update(trail, "UPDATE audit_event SET actor = '" + original + "' WHERE sequence_number = " + target);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenEventDeletedThenNamesTheMissingOne(Db db) throws Exception {
        Trail trail = trail(db);
        long target = trail.events() / 2;
        Map<String, Object> row = row(trail, target);
        update(trail, "DELETE FROM audit_event WHERE sequence_number = " + target);
        try {
            var result = verify(trail);
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).startsWith("broken: event #" + target + " is missing: the trail goes from #"
                    + (target - 1) + " to event #" + (target + 1));
        } finally {
            insert(trail, row);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenTwoEventsSwappedThenNamesTheFirstOutOfOrder(Db db) throws Exception {
        Trail trail = trail(db);
        long first = 3;
        String secondId = column(trail, "SELECT id FROM audit_event WHERE sequence_number = " + (first + 1));
        swap(trail, first, first + 1);
        try {
            var result = verify(trail);
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).startsWith("broken: event #" + first + " (id " + secondId + ") is out of order:"
                    + " its previousHash is not the hash of event #" + (first - 1));
        } finally {
            swap(trail, first, first + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenTailDeletedThenTheHeadRowShowsIt(Db db) throws Exception {
        Trail trail = trail(db);
        long last = trail.events();
        List<Map<String, Object>> tail = List.of(row(trail, last - 1), row(trail, last));
        update(trail, "DELETE FROM audit_event WHERE sequence_number >= " + (last - 1));
        try {
            var result = verify(trail);
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).isEqualTo("broken: the trail ends at event #" + (last - 2) + " but the"
                    + " chain's head row has #" + last + ": events #" + (last - 1) + " to #" + last
                    + " were removed from the end\n");
        } finally {
            for (Map<String, Object> row : tail) {
                insert(trail, row);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenCheckpointInTheTrailThenIntactAndSaysWhatItChecked(Db db) throws Exception {
        Trail trail = trail(db);
        var result = verify(trail, "--checkpoint", trail.checkpoint().toString());
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(0);
        assertThat(result.stdout()).isEqualTo("intact: " + trail.events() + " events, head " + trail.head() + "\n"
                + "checkpoint: event #" + trail.checkpointSequence() + " with head "
                + trail.checkpointView().get("headHash").asText() + ", signed "
                + trail.checkpointView().get("createdAt").asText() + " by CN=Hallmark Issuing CA,O=Hallmark, is in the"
                + " trail\n");
    }

    @Test
    void verifyWhenScheduledCheckpointThenSignedBySystemAndInTheTrail() throws Exception {
        Trail trail = trail(Db.H2);
        assertThat(scheduled.get("createdBy").asText()).isEqualTo("system");
        var result = verify(trail, "--checkpoint", save(trail.dataDir(), scheduled).toString(), "--ca-file",
                trail.dataDir().resolve("bootstrap/root-ca.pem").toString());
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(0);
        assertThat(result.stdout()).endsWith("checkpoint: event #" + scheduled.get("sequence").asLong() + " with head "
                + scheduled.get("headHash").asText() + ", signed " + scheduled.get("createdAt").asText()
                + " by CN=Hallmark Issuing CA,O=Hallmark, is in the trail\n");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenTailCutAndHeadRowRewoundThenOnlyTheCheckpointShowsIt(Db db) throws Exception {
        Trail trail = trail(db);
        long kept = trail.checkpointSequence() - 2;
        List<Map<String, Object>> tail = new ArrayList<>();
        for (long s = kept + 1; s <= trail.events(); s++) {
            tail.add(row(trail, s));
        }
        String keptHash = column(trail, "SELECT hash FROM audit_event WHERE sequence_number = " + kept);
        update(trail, "DELETE FROM audit_event WHERE sequence_number > " + kept);
        update(trail, "UPDATE audit_chain_head SET last_sequence = " + kept + ", last_hash = '" + keptHash + "'");
        try {
            var alone = verify(trail);
            assertThat(alone.stdout()).as("the chain alone").isEqualTo("intact: " + kept + " events, head " + keptHash
                    + "\n");

            var result = verify(trail, "--checkpoint", trail.checkpoint().toString());
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).isEqualTo("broken: the trail ends at event #" + kept + " but the checkpoint "
                    + trail.checkpoint() + " has #" + trail.checkpointSequence() + ": events #" + (kept + 1) + " to #"
                    + trail.checkpointSequence() + " were removed from the end\n");
        } finally {
            for (Map<String, Object> row : tail) {
                insert(trail, row);
            }
            update(trail, "UPDATE audit_chain_head SET last_sequence = " + trail.events() + ", last_hash = '"
                    + trail.head() + "'");
        }
        assertIntact(trail);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void verifyWhenTrailRewrittenWithNewHashesThenTheCheckpointNamesItsEvent(Db db) throws Exception {
        Trail trail = trail(db);
        long target = trail.checkpointSequence();
        List<Map<String, Object>> original = new ArrayList<>();
        for (long s = target; s <= trail.events(); s++) {
            original.add(row(trail, s));
        }
        // what one with write access could do: change an event and chain everything after it anew
        DriverManagerDataSource dataSource = new DriverManagerDataSource(trail.jdbcUrl(), trail.user(), trail.password());
        List<AuditRow> rows = new ArrayList<>();
        new AuditRecords(dataSource).forEachInPages(target - 1, trail.events(), 100, rows::add);
        String previous = rows.get(0).previousHash();
        for (AuditRow r : rows) {
            String detail = r.sequence() == target ? "rewritten" : r.detail();
            String hash = AuditChain.hash(previous, r.sequence(), r.occurredAt(), r.actor(), r.action(), r.target(),
                    r.remoteAddress(), r.outcome(), detail);
            try (Connection c = trail.connect(); PreparedStatement u = c.prepareStatement(
                    "UPDATE audit_event SET detail = ?, previous_hash = ?, hash = ? WHERE sequence_number = ?")) {
                u.setString(1, detail);
                u.setString(2, previous);
                u.setString(3, hash);
                u.setLong(4, r.sequence());
                assertThat(u.executeUpdate()).isEqualTo(1);
            }
            previous = hash;
        }
        update(trail, "UPDATE audit_chain_head SET last_hash = '" + previous + "'");
        try {
            assertThat(verify(trail).exitCode()).as("the chain alone").isEqualTo(0);

            var result = verify(trail, "--checkpoint", trail.checkpoint().toString());
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).isEqualTo("broken: event #" + target + " does not have the hash the checkpoint "
                    + trail.checkpoint() + " has for it: the trail up to it was rewritten\n");
        } finally {
            update(trail, "DELETE FROM audit_event WHERE sequence_number >= " + target);
            for (Map<String, Object> row : original) {
                insert(trail, row);
            }
            update(trail, "UPDATE audit_chain_head SET last_hash = '" + trail.head() + "'");
        }
        assertIntact(trail);
    }

    @Test
    void verifyWhenCheckpointChangedOrSignedByAnotherCaThenItIsNotTrusted() throws Exception {
        Trail trail = trail(Db.H2);
        String pem = Files.readString(trail.checkpoint());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        int at = new String(der, StandardCharsets.ISO_8859_1).indexOf("\"sequence\":") + "\"sequence\":".length();
        der[at] = (byte) (der[at] == '9' ? '8' : der[at] + 1);
        Path changed = Files.write(trail.dataDir().resolve("changed-checkpoint.der"), der);

        var result = verify(trail, "--checkpoint", changed.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("verify-audit: the checkpoint " + changed + " is not to be trusted: its"
                + " signature does not verify: it was changed after it was signed");

        Path otherCa = trail.dataDir().resolve("other-root.pem");
        Tools.run(trail.dataDir(), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "other-root.key", "-out", otherCa.toString(), "-subj", "/CN=Another Root",
                "-days", "30").assertSuccess();
        var other = verify(trail, "--checkpoint", trail.checkpoint().toString(), "--ca-file", otherCa.toString());
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.stderr()).startsWith("verify-audit: the checkpoint " + trail.checkpoint() + " is not to be"
                + " trusted: its signer CN=Hallmark Issuing CA,O=Hallmark is not a CA the given CA certificates vouch for");

        var own = verify(trail, "--checkpoint", trail.checkpoint().toString(), "--ca-file",
                trail.dataDir().resolve("bootstrap/root-ca.pem").toString());
        assertThat(own.exitCode()).as(own.stderr()).isEqualTo(0);
    }

    @Test
    void verifyWhenCaFileWithoutCheckpointThenUsage() throws Exception {
        var result = verify(trail(Db.H2), "--ca-file", "root-ca.pem");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("verify-audit: --ca-file checks a --checkpoint; give one");
    }

    @Test
    void verifyWhenNoDatabaseThereThenSaysSoAndCreatesNone() {
        Path empty = ServiceTest.newDataDir("verify-audit-empty");
        var result = HallmarkCommand.run(empty, "verify-audit", "--data-dir", empty.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("verify-audit: no database at " + empty.resolve("db/hallmark.mv.db"));
        assertThat(empty.resolve("db")).doesNotExist();
    }

    private static void assertIntact(Trail trail) {
        var result = verify(trail);
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(0);
        assertThat(result.stdout()).isEqualTo("intact: " + trail.events() + " events, head " + trail.head() + "\n");
    }

    private static HallmarkCommand.Result verify(Trail trail, String... more) {
        List<String> args = new ArrayList<>(List.of("verify-audit"));
        args.addAll(trail.commandArgs());
        args.addAll(List.of(more));
        return HallmarkCommand.run(trail.dataDir().resolve("commands"), args.toArray(String[]::new));
    }

    private static String column(Trail trail, String sql) throws SQLException {
        try (Connection c = trail.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void update(Trail trail, String sql) throws SQLException {
        try (Connection c = trail.connect(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(sql)).isPositive();
        }
    }

    /** Exchanges two events' sequence numbers, as one would who reorders the trail. */
    private static void swap(Trail trail, long one, long other) throws SQLException {
        update(trail, "UPDATE audit_event SET sequence_number = -1 WHERE sequence_number = " + one);
        update(trail, "UPDATE audit_event SET sequence_number = " + one + " WHERE sequence_number = " + other);
        update(trail, "UPDATE audit_event SET sequence_number = " + other + " WHERE sequence_number = -1");
    }

    private static Map<String, Object> row(Trail trail, long sequence) throws SQLException {
        try (Connection c = trail.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM audit_event WHERE sequence_number = " + sequence)) {
            assertThat(rs.next()).isTrue();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            return row;
        }
    }

    private static void insert(Trail trail, Map<String, Object> row) throws SQLException {
        String sql = "INSERT INTO audit_event (" + String.join(", ", row.keySet()) + ") VALUES ("
                + String.join(", ", row.keySet().stream().map(k -> "?").toList()) + ")";
        try (Connection c = trail.connect(); PreparedStatement insert = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : row.values()) {
                insert.setObject(i++, value);
            }
            insert.executeUpdate();
        }
    }
}
