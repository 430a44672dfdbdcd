package dev.hallmark.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several service nodes on one PostgreSQL schema, each a Spring context of its own with its own
 * data directory and ports, as several machines behind a load balancer would run. The schema is
 * made afresh on the PostgreSQL that CI starts (HALLMARK_TEST_POSTGRES_URL); locally the tests
 * abort without it, in CI they fail.
 */
public final class ClusterNodes implements AutoCloseable {

    /** One running node. */
    public record Node(String name, Path dataDir, ConfigurableApplicationContext context) {

        /** A client of this node, as the administrator whose credential is in {@code adminDir}/bootstrap. */
        public HallmarkClient client(Path adminDir) {
            HallmarkClient own = StandaloneService.client(context, dataDir);
            return new HallmarkClient(adminDir, own.httpsPort(), own.httpPort());
        }
    }

    private final String url;
    private final String password;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final List<ServiceProcess> processes = new CopyOnWriteArrayList<>();

    private ClusterNodes(String url, String password) {
        this.url = url;
        this.password = password;
    }

    /** A fresh schema {@code schema}; nodes started from here share it and the CA password. */
    public static ClusterNodes onFreshSchema(String schema, String password) {
        String base = System.getenv("HALLMARK_TEST_POSTGRES_URL");
        if (base == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("HALLMARK_TEST_POSTGRES_URL is not set; .ci/run must source .ci/postgres.sh");
            }
            Assumptions.abort("HALLMARK_TEST_POSTGRES_URL is not set");
        }
        try (Connection c = DriverManager.getConnection(base, "hallmark", "hallmark"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new ClusterNodes(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, password);
    }

    /** Nodes on the database at {@code url} (user and password hallmark) as it is, e.g. a {@link ThrowawayPostgres}. */
    public static ClusterNodes on(String url, String password) {
        return new ClusterNodes(url, password);
    }

    /** The same schema for nodes started with another CA password. */
    public ClusterNodes withPassword(String otherPassword) {
        return new ClusterNodes(url, otherPassword);
    }

    public String url() {
        return url;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "hallmark", "hallmark");
    }

    /** Starts a node with an empty data directory of its own: it finds the CA in the database, or makes it. */
    public Node start(String name, String... extraArgs) {
        return start(name, ServiceTest.newDataDir("node-" + name), extraArgs);
    }

    public Node start(String name, Path dataDir, String... extraArgs) {
        return startWith(new Class<?>[0], name, dataDir, extraArgs);
    }

    /** With test configuration classes beside the application (the ACME tests' validation authority). */
    public Node startWith(Class<?>[] sources, String name, Path dataDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url,
                "--spring.datasource.username=hallmark", "--spring.datasource.password=hallmark"));
        args.addAll(List.of(extraArgs));
        Node node = new Node(name, dataDir, StandaloneService.startWith(sources, dataDir, password,
                args.toArray(String[]::new)));
        nodes.add(node);
        return node;
    }

    /**
     * Starts a node as a process of its own with an empty data directory, as a separate machine does;
     * several can start at once (Spring Boot's logging set-up and Tomcat's cipher tables are not made
     * for several services starting at once in one JVM).
     */
    public ServiceProcess startProcess(String name) {
        Path dataDir = ServiceTest.newDataDir("node-" + name);
        ServiceProcess process = ServiceProcess.startJoining(dataDir, dataDir.resolveSibling(dataDir.getFileName() + "-log"),
                Map.of("HALLMARK_CA_PASSWORD", password), "--spring.datasource.url=" + url,
                "--spring.datasource.username=hallmark", "--spring.datasource.password=hallmark");
        processes.add(process);
        return process;
    }

    public void stop(Node node) {
        node.context().close();
        nodes.remove(node);
    }

    @Override
    public void close() {
        for (Node node : List.copyOf(nodes)) {
            stop(node);
        }
        processes.forEach(ServiceProcess::close);
        processes.clear();
    }
}
