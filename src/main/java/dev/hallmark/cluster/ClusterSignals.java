package dev.hallmark.cluster;

import dev.hallmark.storage.RevocationRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Tells this node about revocations made on any node, within one {@code interval}: the caches that
 * answer from memory (OCSP answers, accepted client certificates) drop what they hold of the
 * revoked serials, published as {@link RevocationsSeen}.
 *
 * <p>The signal is the database's revocation sequence: each CA's revocations are numbered in the
 * revoking transaction under a row lock held to the commit, so numbers appear in commit order
 * without gaps (V5__cluster.sql). Having seen number N, a poll that reads M fetches the serials
 * numbered N+1 to M and is sure no other revocation up to M can still appear. This needs nothing
 * but plain SQL, so it works the same on PostgreSQL and H2, and it survives a lost connection: the
 * pool opens a new one and the next poll picks up from N, missing nothing. (LISTEN/NOTIFY was the
 * other choice: it needs a dedicated connection, a full cache clear after every reconnect, and a
 * fallback for H2.) When fewer rows are found than numbers passed (rows deleted meanwhile), every
 * cached entry is dropped.
 */
public final class ClusterSignals implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterSignals.class);
    /** More revocations than this in one poll drop everything instead of reading each serial. */
    static final int MAX_SERIALS = 10_000;

    private final RevocationRecords records;
    private final ApplicationEventPublisher events;
    private final List<Long> issuers;
    private final Duration interval;
    private final Map<Long, Long> seen = new HashMap<>();
    private ScheduledExecutorService poller;
    private volatile boolean failing;

    public ClusterSignals(RevocationRecords records, ApplicationEventPublisher events, List<Long> issuers,
            Duration interval) {
        this.records = records;
        this.events = events;
        this.issuers = List.copyOf(issuers);
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        for (long issuer : issuers) {
            // caches start empty: only what comes after this matters
            seen.put(issuer, records.revocationCount(issuer));
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-signals");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    private void pollSafely() {
        try {
            poll();
            if (failing) {
                failing = false;
                log.info("Reading revocations from the database works again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot read revocations from the database; will retry every {} ms: {}", interval.toMillis(),
                        e.toString());
            }
        }
    }

    /** One look at the database: publishes the revocations committed since the last one. */
    synchronized void poll() {
        for (long issuer : issuers) {
            long last = seen.get(issuer);
            long now = records.revocationCount(issuer);
            if (now <= last) {
                continue;
            }
            if (now - last > MAX_SERIALS) {
                events.publishEvent(new RevocationsSeen(issuer, List.of(), true));
            } else {
                List<String> serials = records.revokedBetween(issuer, last, now, MAX_SERIALS);
                events.publishEvent(new RevocationsSeen(issuer, serials, serials.size() < now - last));
            }
            seen.put(issuer, now);
        }
    }
}
