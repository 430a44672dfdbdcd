package dev.hallmark.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What one node at a time does while starting (making the CA, the first administrator), cluster-wide:
 * the work runs while this node holds the lock of the row {@code startup_lock('bootstrap')}, taken
 * with {@code SELECT ... FOR UPDATE} on a connection of its own; a node starting meanwhile waits,
 * then finds what the first one made. A plain row lock, so H2 and PostgreSQL alike; the work commits
 * on its own connections before the lock is released.
 */
public final class StartupLock {

    private final DataSource dataSource;

    public StartupLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T holding(Supplier<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(
                        "SELECT name FROM startup_lock WHERE name = 'bootstrap' FOR UPDATE")) {
                    lock.executeQuery().close();
                }
                return work.get();
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the start-up lock in the database", e);
        }
    }
}
