package dev.hallmark.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * JPA transactions on an embedded H2 file database whose commits become durable in groups. H2
 * writes a commit to its file either at once, one store per commit ({@code WRITE_DELAY=0}, the
 * largest single cost of an issuance under load), or later from a background thread (its default,
 * which lost a certificate answered {@code 201} when the process was killed). Here H2 keeps its
 * write delay, and every read-write transaction, once committed and its connection returned,
 * waits for a {@code CHECKPOINT SYNC} that one waiter runs for all commits before it: the data
 * reach the disk (fsync) before any caller is answered, at one write per group. A transaction of
 * {@link NonDurableTransactions} does not wait: the next flush, of anyone's commit, writes it too.
 */
public final class GroupCommitTransactionManager extends JpaTransactionManager {

    private static final ThreadLocal<Boolean> COMMITTED_WRITES = new ThreadLocal<>();

    private final transient GroupCommit group;

    /** Fails at once when the database user may not run {@code CHECKPOINT SYNC} (H2 allows it to administrators). */
    public GroupCommitTransactionManager(DataSource dataSource) throws SQLException {
        this(() -> checkpoint(dataSource));
        try {
            checkpoint(dataSource);
        } catch (SQLException e) {
            throw new SQLException("cannot make commits durable: the H2 user must be an administrator of the database"
                    + " to run CHECKPOINT SYNC (" + e.getMessage() + ")", e);
        }
    }

    /** With the flush given (tests count them). */
    GroupCommitTransactionManager(GroupCommit.Flush flush) {
        this.group = new GroupCommit(flush);
    }

    private static void checkpoint(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        super.doCommit(status);
        if (!status.isReadOnly() && !NonDurableTransactions.NAME.equals(
                TransactionSynchronizationManager.getCurrentTransactionName())) {
            COMMITTED_WRITES.set(Boolean.TRUE);
        }
    }

    /** Waits after the connection is back in the pool, so a group is not limited by the pool's size. */
    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        super.doCleanupAfterCompletion(transaction);
        if (COMMITTED_WRITES.get() != null) {
            COMMITTED_WRITES.remove();
            group.awaitDurable();
        }
    }
}
