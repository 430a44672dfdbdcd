package dev.hallmark.cluster;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure is the database being out of reach (stopped, restarting, the network to it
 * cut) rather than a fault of the request or a bug. Every front end answers such a failure with
 * its protocol's "unavailable, try later" ({@code 503} with {@code Retry-After}, OCSP
 * {@code tryLater}) and nothing is left half-written: each request's writes are one transaction,
 * which the database never committed. When the database is back, the connection pool opens new
 * connections and requests succeed again without a restart.
 */
public final class DatabaseOutage {

    /** What clients are told to wait before trying again: about the pool's wait for a connection. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    /** What clients are told, in every front end's form. */
    public static final String DETAIL = "the CA's database cannot be reached; nothing was changed, try again shortly";

    /**
     * Hikari's answer, without a SQLSTATE, on a connection it closed after a connection error: what
     * rolling back a transaction whose connection the outage cut ends with (and that failure
     * replaces the first one).
     */
    private static final String HIKARI_CLOSED = "Connection is closed";

    private DatabaseOutage() {
    }

    /** True when {@code failure}, or anything that caused it, says the database cannot be reached. */
    public static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() != null && connectionState(sql.getSQLState())
                    || HIKARI_CLOSED.equals(sql.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), and PostgreSQL's 57P01-57P03 (the server shutting
     * down or not accepting connections yet).
     */
    private static boolean connectionState(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
