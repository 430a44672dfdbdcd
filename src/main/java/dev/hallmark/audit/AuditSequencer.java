package dev.hallmark.audit;

import dev.hallmark.storage.AuditRecords;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed audit events their place in the hash chain ({@link AuditRecords#chainPending}): on a thread of
 * its own just after each commit that wrote events, every second for what another node left when it stopped, and
 * before anything that shows the chain (a search, an export, a checkpoint) or when the service stops. Many
 * commits' events are chained by one pass, so the chain's lock is taken once per batch, not once per issuance.
 * Any node chains any node's events; the chain's lock keeps their passes apart.
 */
@Component
public class AuditSequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditSequencer.class);
    private static final int BATCH = 1000;
    private static final long SWEEP_SECONDS = 1;

    private final AuditRecords records;
    private final TransactionTemplate transactions;
    private final AtomicBoolean queued = new AtomicBoolean();
    /** The chaining thread while running; a stopped context (a paused test context too) may start again. */
    private volatile ScheduledExecutorService executor;

    public AuditSequencer(AuditRecords records, PlatformTransactionManager transactionManager) {
        this.records = records;
        this.transactions = new TransactionTemplate(transactionManager);
        // never inside a caller's transaction: a read-only one could not write, and its own commit comes later
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Chains every event committed before the call; returns how many it chained. */
    public long chainCommitted() {
        long chained = 0;
        int batch;
        do {
            batch = transactions.execute(status -> records.chainPending(BATCH));
            chained += batch;
        } while (batch == BATCH);
        return chained;
    }

    /**
     * A pass soon, on the chaining thread; called after a commit that wrote events, so it never throws: the commit
     * has happened, and an event it misses (stopping) is chained by the next sweep or start.
     */
    void committed() {
        ScheduledExecutorService running = executor;
        if (running != null && queued.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    queued.set(false);
                    pass();
                });
            } catch (RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    private void pass() {
        try {
            chainCommitted();
        } catch (RuntimeException e) {
            // the database is away: the events are stored, and the next pass chains them
            log.warn("audit events not chained yet, retrying in {} s: {}", SWEEP_SECONDS, e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-chain");
            t.setDaemon(true);
            return t;
        });
        started.scheduleWithFixedDelay(this::pass, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        executor = started;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService stopping = executor;
        if (stopping == null) {
            return;
        }
        executor = null;
        stopping.shutdown();
        try {
            stopping.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pass();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stopped after the web server (which stops at the highest phases), before the database goes. */
    @Override
    public int getPhase() {
        return 0;
    }
}
