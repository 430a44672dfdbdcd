package dev.hallmark.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions for rows not worth a disk flush each (ACME nonces, two per request). They are atomic and isolated like
 * any other, so a conditional update in one still has exactly one winner on every node; only the caller does not wait
 * for the commit to reach the disk. A crash may lose the last of them; any later durable commit writes them too (H2's
 * store and PostgreSQL's log are written in commit order), so whatever a client was answered after a durable commit
 * outlives a crash together with every such row before it. On H2 the group commit skips them
 * ({@link GroupCommitTransactionManager}); on PostgreSQL they commit with {@code synchronous_commit} off.
 */
@Component
public final class NonDurableTransactions {

    /** The name by which {@link GroupCommitTransactionManager} tells them apart. */
    static final String NAME = "hallmark.non-durable";

    private final TransactionTemplate template;
    private final JdbcClient jdbc;
    private final boolean postgres;

    public NonDurableTransactions(PlatformTransactionManager transactions, DataSource dataSource) throws SQLException {
        this.template = new TransactionTemplate(transactions);
        this.template.setName(NAME);
        this.jdbc = JdbcClient.create(dataSource);
        try (Connection connection = dataSource.getConnection()) {
            this.postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        }
    }

    public <T> T execute(Supplier<T> work) {
        return template.execute(status -> {
            if (postgres) {
                jdbc.sql("SET LOCAL synchronous_commit TO OFF").update(); // this transaction only
            }
            return work.get();
        });
    }

    public void run(Runnable work) {
        execute(() -> {
            work.run();
            return null;
        });
    }
}
