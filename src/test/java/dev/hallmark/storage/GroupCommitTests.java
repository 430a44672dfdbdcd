package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class GroupCommitTests {

    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong durableCommits = new AtomicLong();
    private final AtomicInteger flushes = new AtomicInteger();

    @Test
    void awaitDurableWhenCommitsArriveDuringAFlushThenOneMoreFlushCoversThemAll() throws Exception {
        CountDownLatch firstFlushStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstFlush = new CountDownLatch(1);
        GroupCommit group = new GroupCommit(() -> {
            long upTo = commits.get();
            if (flushes.incrementAndGet() == 1) {
                firstFlushStarted.countDown();
                releaseFirstFlush.await();
            }
            durableCommits.accumulateAndGet(upTo, Math::max);
        });
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean answeredBeforeDurable = new AtomicBoolean();
        Runnable transaction = () -> {
            long mine = commits.incrementAndGet();
            group.awaitDurable();
            if (durableCommits.get() < mine) {
                answeredBeforeDurable.set(true);
            }
        };
        threads.add(started(transaction));
        assertThat(firstFlushStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 15; i++) {
            threads.add(started(transaction));
        }
        waitUntilAllButFirstAreWaiting(threads);

        releaseFirstFlush.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(answeredBeforeDurable).isFalse();
        assertThat(durableCommits.get()).isEqualTo(16);
        assertThat(flushes.get()).isEqualTo(2);
    }

    @Test
    void awaitDurableWhenFlushFailsThenCallerFailsAndTheNextCallerFlushesAgain() {
        AtomicBoolean failNext = new AtomicBoolean(true);
        GroupCommit group = new GroupCommit(() -> {
            flushes.incrementAndGet();
            if (failNext.getAndSet(false)) {
                throw new java.io.IOException("disk full");
            }
        });

        assertThatThrownBy(group::awaitDurable).isInstanceOf(DataAccessResourceFailureException.class)
                .hasMessageContaining("could not be written to disk").hasRootCauseMessage("disk full");
        group.awaitDurable();

        assertThat(flushes.get()).isEqualTo(2);
    }

    private static Thread started(Runnable runnable) {
        Thread thread = new Thread(runnable);
        thread.start();
        return thread;
    }

    /** Until every thread but the first waits for the flush in progress (not merely for the lock). */
    private static void waitUntilAllButFirstAreWaiting(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threads.subList(1, threads.size()).stream().allMatch(t -> Arrays.stream(t.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("awaitUninterruptibly")))) {
            assertThat(System.nanoTime()).as("threads waiting for the flush in progress").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
