package dev.hallmark.storage;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Group commit: a thread whose transaction has committed waits until a flush that started after
 * its commit has finished. The first waiter flushes for everyone who committed before that flush
 * began; whoever commits during a flush waits for the next one, which one of them runs. Concurrent
 * issuances thus share one write to the file instead of paying one each, and none is answered
 * before its record is on disk.
 */
final class GroupCommit {

    /** Makes every change committed so far durable. */
    @FunctionalInterface
    interface Flush {
        void run() throws Exception;
    }

    private final Flush flush;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flushed = lock.newCondition();
    private long committed;
    private long durable;
    private boolean flushing;

    GroupCommit(Flush flush) {
        this.flush = flush;
    }

    /** Call after a commit; returns once that commit is durable. */
    void awaitDurable() {
        lock.lock();
        try {
            long ticket = ++committed;
            while (durable < ticket) {
                if (flushing) {
                    flushed.awaitUninterruptibly();
                    continue;
                }
                flushing = true;
                long covered = committed;
                Exception failure = null;
                lock.unlock();
                try {
                    flush.run();
                } catch (Exception e) {
                    failure = e;
                } finally {
                    lock.lock();
                    flushing = false;
                    flushed.signalAll();
                }
                if (failure != null) {
                    throw new DataAccessResourceFailureException("committed changes could not be written to disk",
                            failure);
                }
                durable = covered;
            }
        } finally {
            lock.unlock();
        }
    }
}
