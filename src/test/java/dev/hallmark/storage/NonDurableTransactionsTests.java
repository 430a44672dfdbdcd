package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Non-durable transactions skip the wait for the disk and nothing else: on H2 no group-commit flush is run for them
 * (an ordinary transaction still waits for one), on PostgreSQL they commit with {@code synchronous_commit} off for
 * themselves only; on both, what they commit is seen by other connections at once, and a conditional delete raced
 * from two connection pools (two nodes) has exactly one winner.
 */
class NonDurableTransactionsTests {

    private static final String CREATE = "CREATE TABLE spendable (id VARCHAR(40) PRIMARY KEY)";

    @Test
    void executeWhenOnH2ThenCommitsWithoutAFlushAndAnOrdinaryTransactionStillWaitsForOne() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:non-durable;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        JdbcClient.create(h2).sql(CREATE).update();
        AtomicInteger flushes = new AtomicInteger();
        LocalContainerEntityManagerFactoryBean jpa = new LocalContainerEntityManagerFactoryBean();
        jpa.setDataSource(h2);
        jpa.setPackagesToScan("dev.hallmark.storage.none");
        jpa.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        jpa.afterPropertiesSet();
        GroupCommitTransactionManager manager = new GroupCommitTransactionManager(flushes::incrementAndGet);
        manager.setEntityManagerFactory(jpa.getObject());
        manager.afterPropertiesSet();
        try {
            NonDurableTransactions nonDurable = new NonDurableTransactions(manager, h2);
            JdbcClient jdbc = JdbcClient.create(h2);

            nonDurable.run(() -> jdbc.sql("INSERT INTO spendable (id) VALUES ('a')").update());
            assertThat(flushes).as("flushes after a non-durable commit").hasValue(0);
            assertThat(count(h2, "a")).as("seen by another connection").isEqualTo(1);

            new TransactionTemplate(manager).executeWithoutResult(
                    s -> jdbc.sql("INSERT INTO spendable (id) VALUES ('b')").update());
            assertThat(flushes).as("flushes after an ordinary commit").hasValue(1);

            assertThat(racedDeletes(new Node(nonDurable, h2), new Node(nonDurable, h2), "a")).isEqualTo(1);
        } finally {
            jpa.destroy();
        }
    }

    @Test
    void executeWhenOnPostgresqlThenSynchronousCommitIsOffForItAloneAndARacedDeleteHasOneWinner() throws Exception {
        String url = postgresSchema("non_durable");
        DataSource nodeA = new SingleConnectionDataSource(url, "hallmark", "hallmark", true); // SET LOCAL must not stay
        DataSource nodeB = new DriverManagerDataSource(url, "hallmark", "hallmark");
        JdbcClient.create(nodeA).sql(CREATE).update();
        NonDurableTransactions onA = new NonDurableTransactions(new DataSourceTransactionManager(nodeA), nodeA);
        NonDurableTransactions onB = new NonDurableTransactions(new DataSourceTransactionManager(nodeB), nodeB);
        JdbcClient jdbc = JdbcClient.create(nodeA);

        String inside = onA.execute(() -> {
            jdbc.sql("INSERT INTO spendable (id) VALUES ('a')").update();
            return jdbc.sql("SHOW synchronous_commit").query(String.class).single();
        });
        assertThat(inside).isEqualTo("off");
        String after = new TransactionTemplate(new DataSourceTransactionManager(nodeA)).execute(
                s -> jdbc.sql("SHOW synchronous_commit").query(String.class).single());
        assertThat(after).as("in the next transaction on the same connection").isEqualTo("on");
        assertThat(count(nodeB, "a")).as("seen on the other node").isEqualTo(1);

        assertThat(racedDeletes(new Node(onA, nodeA), new Node(onB, nodeB), "a")).isEqualTo(1);
    }

    /** A node: its transactions and its connection pool. */
    private record Node(NonDurableTransactions transactions, DataSource dataSource) {
    }

    /** How many of two deletes of one row, started together on the two nodes, deleted it. */
    private static int racedDeletes(Node first, Node second, String id) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> deletes = new ArrayList<>();
            for (Node node : List.of(first, second)) {
                deletes.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return node.transactions().execute(() -> JdbcClient.create(node.dataSource())
                            .sql("DELETE FROM spendable WHERE id = ?").param(id).update());
                }));
            }
            return deletes.get(0).get(60, TimeUnit.SECONDS) + deletes.get(1).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int count(DataSource dataSource, String id) {
        return JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM spendable WHERE id = ?").param(id)
                .query(Integer.class).single();
    }

    private static String postgresSchema(String schema) throws SQLException {
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
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
