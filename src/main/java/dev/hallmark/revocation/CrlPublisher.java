package dev.hallmark.revocation;

import dev.hallmark.signing.CrlEntries;
import dev.hallmark.signing.CrlSigner;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.SignedCrl;
import dev.hallmark.storage.RevocationRecords;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

/**
 * Publishes the issuing CA's CRL and the root's CRL (RFC 5280 section 5).
 *
 * <p>Readers always get the last signed copy from disk. A CRL is regenerated
 * <ul>
 * <li>when it is {@code regenerateInterval} old (by a scheduled check), well before nextUpdate;</li>
 * <li>shortly after a revocation, in the background: the revoking request only bumps a counter,
 * so revoking costs the same with a million entries as with none;</li>
 * <li>synchronously by the next reader when the last signed copy predates a revocation, so the
 * next fetch after {@code POST .../revoke} returns always lists it.</li>
 * </ul>
 * Each CA has one lock: at most one generation at a time, and readers that need a newer copy wait
 * for it rather than start another. Readers take no lock: a reader reads the revocation count,
 * then the published CRL and the count it covers as one value, so it cannot pair an older CRL
 * with a newer CRL's count and serve a copy that lacks a revocation as if it were current. Each new
 * CRL is published as {@link CrlSigned}.
 */
public class CrlPublisher {

    private static final Logger log = LoggerFactory.getLogger(CrlPublisher.class);

    private final CrlSigner signer;
    private final RevocationRecords records;
    private final CrlSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService background;
    private final ApplicationEventPublisher events;
    private final Map<IssuerId, State> states = new EnumMap<>(IssuerId.class);
    private final Runnable afterRead;

    /** Per CA: the published CRL with the revocations it covers, and what is needed to publish the next. */
    private static final class State {
        final ReentrantLock lock = new ReentrantLock();
        /** Counts revocations seen; starts at 1 so that nothing counts as published before the first generation. */
        final AtomicLong requested = new AtomicLong(1);
        final AtomicBoolean scheduled = new AtomicBoolean();
        /** Replaced whole: a reader sees a CRL together with the count it covers, never one with another's. */
        volatile Publication published;
    }

    /**
     * A signed CRL and the revocation count that was read before its rows, so it lists every
     * revocation counted up to {@code covers}.
     */
    private record Publication(PublishedCrl crl, long covers) {

        boolean serves(long wanted, Instant now) {
            return covers >= wanted && now.isBefore(crl.nextUpdate());
        }

        boolean valid(Instant now) {
            return now.isBefore(crl.nextUpdate());
        }
    }

    public CrlPublisher(CrlSigner signer, RevocationRecords records, CrlSettings settings, Clock clock,
            ScheduledExecutorService background, ApplicationEventPublisher events) {
        this(signer, records, settings, clock, background, events, () -> { });
    }

    /** @param afterRead runs in a reader just after it has read the published CRL: where a test makes a new one land */
    CrlPublisher(CrlSigner signer, RevocationRecords records, CrlSettings settings, Clock clock,
            ScheduledExecutorService background, ApplicationEventPublisher events, Runnable afterRead) {
        this.signer = signer;
        this.records = records;
        this.settings = settings;
        this.clock = clock;
        this.background = background;
        this.events = events;
        this.afterRead = afterRead;
        for (IssuerId id : IssuerId.values()) {
            states.put(id, new State());
        }
        try {
            Files.createDirectories(settings.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.directory(), e);
        }
    }

    /** The issuing CA's CRL: every revoked end-entity certificate it issued that has not long expired. */
    public PublishedCrl issuingCrl() {
        return current(IssuerId.ISSUING);
    }

    /** The root's CRL: revoked intermediate CAs. */
    public PublishedCrl rootCrl() {
        return current(IssuerId.ROOT);
    }

    @EventListener
    public void onRevoked(CertificateRevoked revoked) {
        IssuerId issuer = IssuerId.valueOf(revoked.issuer());
        states.get(issuer).requested.incrementAndGet();
        scheduleRegeneration(issuer);
    }

    /** Signs new CRLs for the CAs whose current one is {@code regenerateInterval} old or was never made (the schedule). */
    public void regenerateIfDue() {
        Instant now = clock.instant();
        for (IssuerId id : IssuerId.values()) {
            Publication published = states.get(id).published;
            if (published == null || !now.isBefore(published.crl().thisUpdate().plus(settings.regenerateInterval()))) {
                regenerate(id, Long.MAX_VALUE);
            }
        }
    }

    /**
     * The CRL to serve. When a new one cannot be signed (the database is unreachable, say), the last
     * one is served as long as it is valid, so relying parties that load it keep working; a CRL
     * past its nextUpdate is never served.
     */
    private PublishedCrl current(IssuerId id) {
        State state = states.get(id);
        // the count first: a revocation that returned before this call is in it
        long wanted = state.requested.get();
        Publication published = state.published;
        afterRead.run();
        if (published != null && published.serves(wanted, clock.instant())) {
            return published.crl();
        }
        try {
            return regenerate(id, wanted);
        } catch (RuntimeException e) {
            Publication last = state.published;
            if (last != null && last.valid(clock.instant())) {
                log.error("signing a new CRL of the {} CA failed; serving CRL {} (valid until {}) meanwhile", id,
                        last.crl().number(), last.crl().nextUpdate(), e);
                return last.crl();
            }
            throw new CrlUnavailableException("no valid CRL of the " + id + " CA can be served now", e);
        }
    }

    /**
     * Signs a new CRL unless, once the lock is held, the published one already covers revocation
     * count {@code wanted} ({@code Long.MAX_VALUE}: always sign).
     */
    private PublishedCrl regenerate(IssuerId id, long wanted) {
        State state = states.get(id);
        state.lock.lock();
        try {
            Publication published = state.published;
            if (wanted != Long.MAX_VALUE && published != null && published.serves(wanted, clock.instant())) {
                return published.crl();
            }
            // read before the rows: a revocation counted after this point is regenerated for again
            long covering = state.requested.get();
            PublishedCrl crl = generate(id);
            state.published = new Publication(crl, covering);
            events.publishEvent(new CrlSigned(id.name(), crl.number(), crl.thisUpdate(), crl.nextUpdate()));
            removeOldFiles(id, crl.number());
            return crl;
        } finally {
            state.lock.unlock();
        }
    }

    private PublishedCrl generate(IssuerId id) {
        long started = System.nanoTime();
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(settings.nextUpdate());
        BigInteger number = BigInteger.valueOf(records.nextCrlNumber(id.name()));
        String base = id.name().toLowerCase(java.util.Locale.ROOT) + "-" + number;
        Path der = settings.directory().resolve(base + ".crl");
        Path pem = settings.directory().resolve(base + ".pem");
        // RFC 5280 section 3.3: an entry stays until a regularly scheduled CRL issued after its certificate
        // expired has listed it. Keeping it for one CRL lifetime after expiry guarantees that, as CRLs are
        // re-signed every regenerate-interval (shorter than nextUpdate); after that it is left out.
        Instant keepExpiredSince = thisUpdate.minus(settings.nextUpdate());
        CrlEntries entries = sink -> records.forEachRevoked(id.name(), keepExpiredSince, settings.pageSize(),
                row -> sink.accept(row.serial(), row.revokedAt(), row.reasonCode()));
        SignedCrl signed = signer.sign(id, number, thisUpdate, nextUpdate, entries, der);
        long pemSize = writePem(der, pem);
        log.info("Signed CRL {} of the {} CA: {} entries, {} bytes, in {} ms", number, id, signed.entries(),
                signed.size(), (System.nanoTime() - started) / 1_000_000);
        return new PublishedCrl(der, signed.size(), pem, pemSize, number, signed.thisUpdate(), signed.nextUpdate(),
                signed.entries());
    }

    private void scheduleRegeneration(IssuerId id) {
        State state = states.get(id);
        if (!state.scheduled.compareAndSet(false, true)) {
            return; // one pending regeneration covers every revocation until it starts
        }
        background.schedule(() -> {
            state.scheduled.set(false);
            try {
                current(id);
            } catch (RuntimeException e) {
                log.error("background CRL regeneration for the {} CA failed; readers will retry", id, e);
            }
        }, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
    }

    static int reasonCode(String reason) {
        return reason == null ? 0 : RevocationReason.named(reason).map(RevocationReason::code).orElse(0);
    }

    /** PEM, streamed: base64 in 64-character lines, as RFC 7468 asks. */
    private static long writePem(Path der, Path pem) {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(pem), 1 << 16)) {
            file.write("-----BEGIN X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII));
            // the MIME encoder breaks lines but leaves the last one open and closing it would close the file
            OutputStream base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).wrap(new FilterOutputStream(file) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            Files.copy(der, base64);
            base64.close();
            file.write("\n-----END X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pem, e);
        }
        try {
            return Files.size(pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the newest two CRLs of a CA: a reader that just picked the previous one can still open it. */
    private void removeOldFiles(IssuerId id, BigInteger newest) {
        String prefix = id.name().toLowerCase(java.util.Locale.ROOT) + "-";
        try (Stream<Path> files = Files.list(settings.directory())) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).forEach(f -> {
                String name = f.getFileName().toString();
                String digits = name.substring(prefix.length(), name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
                if (digits.matches("\\d+") && new BigInteger(digits).compareTo(newest.subtract(BigInteger.ONE)) < 0) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        log.warn("cannot remove old CRL {}: {}", f, e.toString());
                    }
                }
            });
        } catch (IOException e) {
            log.warn("cannot list {}: {}", settings.directory(), e.toString());
        }
    }
}
