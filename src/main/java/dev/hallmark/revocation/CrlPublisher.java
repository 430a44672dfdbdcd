package dev.hallmark.revocation;

import dev.hallmark.signing.CrlEntries;
import dev.hallmark.signing.CrlSigner;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.SignedCrl;
import dev.hallmark.storage.CrlRecords;
import dev.hallmark.storage.CrlRecords.StoredCrl;
import dev.hallmark.storage.RevocationRecords;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the issuing CA's CRL and the root's CRL (RFC 5280 section 5), complete and delta, once
 * for every node sharing the database.
 *
 * <p>A CRL is signed by one node, stored in the database with the revocation count it covers, and
 * served by every node from a local copy of the stored bytes: equal numbers are equal bytes
 * everywhere. Signing happens under the lock of the CA's CRL number row ({@link CrlRecords#lockNumber}),
 * which also hands out the number and commits with the CRL, so numbers only grow, cluster-wide, and a
 * node that waited for the lock finds the CRL the other one just signed instead of signing again.
 *
 * <p>Each fetch first reads the CA's revocation count and newest CRL number (one query): a local copy
 * that covers the count and is the newest is served as is; else the newest stored CRL is taken if
 * it covers the count, else a new one is signed. So
 * the next fetch after {@code POST .../revoke} returns lists the certificate, on whichever node. A
 * new CRL is also signed
 * <ul>
 * <li>when the stored one is {@code regenerateInterval} old (the schedule, once cluster-wide);</li>
 * <li>shortly after a revocation on this node, in the background: the revoking request only
 * numbers its revocation, so revoking costs the same with a million entries as with none.</li>
 * </ul>
 * Each CA has one lock in this process as well: readers that need a newer copy wait for the one
 * generation rather than start another. Each complete CRL that becomes the one served is published
 * as {@link CrlSigned}.
 *
 * <p>Delta CRLs (RFC 5280 section 5.2.4) list the revocations since the newest complete CRL, read
 * through the revocation number's index, so signing one costs what was revoked since, not the size
 * of the complete CRL. They follow every revocation as above. A complete CRL follows every
 * revocation too while it lists fewer than {@code deltaOnlyFrom} entries (re-signing it is cheap);
 * from there on it is re-signed on its schedule only, and a revocation reaches relying parties
 * through the delta CRL at once and through the complete CRL within {@code regenerateInterval}.
 */
public class CrlPublisher {

    private static final Logger log = LoggerFactory.getLogger(CrlPublisher.class);
    /** Stored CRLs kept per CA: a node that read the newest one's metadata can still copy it. */
    static final int STORED_KEPT = 3;

    private final CrlSigner signer;
    private final RevocationRecords records;
    private final CrlRecords stored;
    private final TransactionTemplate transactions;
    private final CrlSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService background;
    private final ApplicationEventPublisher events;
    private final Map<IssuerId, State> states = new EnumMap<>(IssuerId.class);
    private final Map<IssuerId, State> deltaStates = new EnumMap<>(IssuerId.class);
    private final Runnable afterRead;

    /** Per CA: the CRL served, with the revocations it covers. */
    private static final class State {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicBoolean scheduled = new AtomicBoolean();
        /** Replaced whole: a reader sees a CRL together with the count it covers, never one with another's. */
        volatile Publication published;
    }

    /**
     * A CRL served from its local copy, the revocation count it lists every revocation up to and,
     * for a delta CRL, the number of the complete CRL it is based on (0 for a complete CRL).
     */
    private record Publication(PublishedCrl crl, long covers, long base) {

        boolean valid(Instant now) {
            return now.isBefore(crl.nextUpdate());
        }
    }

    public CrlPublisher(CrlSigner signer, RevocationRecords records, CrlRecords stored, TransactionTemplate transactions,
            CrlSettings settings, Clock clock, ScheduledExecutorService background, ApplicationEventPublisher events) {
        this(signer, records, stored, transactions, settings, clock, background, events, () -> { });
    }

    /** @param afterRead runs in a reader just after it has read the published CRL: where a test makes a new one land */
    CrlPublisher(CrlSigner signer, RevocationRecords records, CrlRecords stored, TransactionTemplate transactions,
            CrlSettings settings, Clock clock, ScheduledExecutorService background, ApplicationEventPublisher events,
            Runnable afterRead) {
        this.signer = signer;
        this.records = records;
        this.stored = stored;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.background = background;
        this.events = events;
        this.afterRead = afterRead;
        for (IssuerId id : IssuerId.values()) {
            states.put(id, new State());
            deltaStates.put(id, new State());
        }
        try {
            Files.createDirectories(settings.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.directory(), e);
        }
    }

    /** The issuing CA's CRL: every revoked end-entity certificate it issued that has not long expired. */
    public PublishedCrl issuingCrl() {
        return current(IssuerId.ISSUING, false);
    }

    /** The root's CRL: revoked intermediate CAs. */
    public PublishedCrl rootCrl() {
        return current(IssuerId.ROOT, false);
    }

    /** The issuing CA's delta CRL: its revocations since its newest complete CRL. */
    public PublishedCrl issuingDeltaCrl() {
        return current(IssuerId.ISSUING, true);
    }

    /** The root's delta CRL. */
    public PublishedCrl rootDeltaCrl() {
        return current(IssuerId.ROOT, true);
    }

    /** A revocation on this node: sign soon, so that readers on every node find the CRLs ready. */
    @EventListener
    public void onRevoked(CertificateRevoked revoked) {
        scheduleRegeneration(revoked.issuer());
    }

    /**
     * Signs new CRLs for the CAs whose stored one is {@code regenerateInterval} old or missing, and
     * serves the stored one otherwise. Safe on every node at once (the number's lock decides); the
     * schedule runs it on one.
     */
    public void regenerateIfDue() {
        for (IssuerId id : IssuerId.values()) {
            refresh(id, false, 0, true);
            refresh(id, true, 0, true);
        }
    }

    /** Deletes stored CRLs but the newest few of each CA (the clean-up schedule). */
    public void deleteOldStoredCrls() {
        for (IssuerId id : IssuerId.values()) {
            int deleted = transactions.execute(s -> stored.deleteAllButNewest(nameId(id), STORED_KEPT));
            if (deleted > 0) {
                log.info("Deleted {} old stored CRLs of the {} CA", deleted, id);
            }
        }
    }

    /**
     * Deletes the revoked rows of certificates that expired before the newest stored complete CRL
     * was signed and that it covers ({@link RevocationRecords#deleteListedAfterExpiry}): they have
     * been listed after their expiry, so CRLs may leave them out from now on (the clean-up schedule).
     */
    public void deleteExpiredRevocations() {
        for (IssuerId id : IssuerId.values()) {
            Optional<StoredCrl> newest = stored.latest(nameId(id), false);
            if (newest.isEmpty()) {
                continue;
            }
            int deleted = transactions.execute(s -> records.deleteListedAfterExpiry(nameId(id),
                    newest.get().thisUpdate(), newest.get().covers()));
            if (deleted > 0) {
                log.info("Deleted {} revoked rows of the {} CA whose certificates expired before CRL {} listed them",
                        deleted, id, newest.get().number());
            }
        }
    }

    /**
     * The CRL to serve. When a current one cannot be had (the database is unreachable, say), the
     * last one is served as long as it is valid, so relying parties that load it keep working; a CRL
     * past its nextUpdate is never served.
     */
    private PublishedCrl current(IssuerId id, boolean delta) {
        State state = state(id, delta);
        try {
            // the count first: a revocation that returned before this call is in it
            CrlRecords.Current current = stored.current(nameId(id));
            Publication published = state.published;
            afterRead.run();
            if (published != null && published.valid(clock.instant())
                    && published.crl().number().longValue() >= current.newest(delta)
                    && (!delta || published.base() == current.newestComplete())
                    && follows(delta, published.covers(), published.crl().entries(), current.revocations())) {
                return published.crl();
            }
            if (delta && current.newestComplete() == 0) {
                refresh(id, false, current.revocations(), false); // a delta needs a complete CRL to be based on
            }
            return refresh(id, delta, current.revocations(), false);
        } catch (RuntimeException e) {
            Publication last = state.published;
            if (last != null && last.valid(clock.instant())) {
                log.error("getting a current {} of the {} CA failed; serving CRL {} (valid until {}) meanwhile",
                        delta ? "delta CRL" : "CRL", id, last.crl().number(), last.crl().nextUpdate(), e);
                return last.crl();
            }
            throw new CrlUnavailableException("no valid " + (delta ? "delta CRL" : "CRL") + " of the " + id
                    + " CA can be served now", e);
        }
    }

    /**
     * Whether a CRL that covers {@code covers} revocations and lists {@code entries} keeps up with
     * {@code revocations}: it covers them, or it is a complete CRL too big to follow every revocation
     * (its delta CRLs do).
     */
    private boolean follows(boolean delta, long covers, long entries, long revocations) {
        return covers >= revocations || (!delta && entries >= settings.deltaOnlyFrom());
    }

    private State state(IssuerId id, boolean delta) {
        return (delta ? deltaStates : states).get(id);
    }

    /**
     * Serves a CRL that keeps up with revocation count {@code wanted}: this node's copy, the newest
     * stored one, or a new one signed under the number's lock. {@code due}: also sign when the stored
     * one is {@code regenerateInterval} old.
     */
    private PublishedCrl refresh(IssuerId id, boolean delta, long wanted, boolean due) {
        State state = state(id, delta);
        state.lock.lock();
        try {
            Optional<StoredCrl> newest = stored.latest(nameId(id), delta);
            long base = delta ? stored.latest(nameId(id), false).map(StoredCrl::number).orElse(0L) : 0;
            if (newest.isPresent() && good(newest.get(), wanted, due, base)) {
                return serve(id, newest.get(), null);
            }
            Path signing = settings.directory().resolve("." + fileName(id, delta, "signing") + ".crl");
            try {
                StoredCrl crl = transactions.execute(s -> {
                    long last = stored.lockNumber(nameId(id));
                    // another node may have signed one while this one waited for the lock
                    Optional<StoredCrl> again = stored.latest(nameId(id), delta);
                    Optional<StoredCrl> complete = delta ? stored.latest(nameId(id), false) : Optional.empty();
                    if (again.isPresent() && again.get().number() == last
                            && good(again.get(), wanted, due, complete.map(StoredCrl::number).orElse(0L))) {
                        return again.get();
                    }
                    if (!delta) {
                        return sign(id, last + 1, signing);
                    }
                    return signDelta(id, last + 1, complete.orElseThrow(() -> new IllegalStateException(
                            "no complete CRL of the " + id + " CA to base a delta CRL on")), signing);
                });
                return serve(id, crl, Files.exists(signing) ? signing : null);
            } finally {
                Files.deleteIfExists(signing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Whether a stored CRL may be served for revocation count {@code wanted} (and, when due, is not
     * old); a delta CRL only while it is based on complete CRL {@code base}, the newest.
     */
    private boolean good(StoredCrl crl, long wanted, boolean due, long base) {
        Instant now = clock.instant();
        return follows(crl.delta(), crl.covers(), crl.entries(), wanted) && now.isBefore(crl.nextUpdate())
                && (!crl.delta() || crl.baseNumber() == base)
                && (!due || now.isBefore(crl.thisUpdate().plus(settings.regenerateInterval())));
    }

    /**
     * Signs complete CRL {@code number} into {@code target} and stores it; inside the transaction
     * holding the number's lock.
     */
    private StoredCrl sign(IssuerId id, long number, Path target) {
        long started = System.nanoTime();
        // read before the rows: every revocation counted up to here is committed and will be read
        long covers = records.revocationCount(nameId(id));
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(settings.nextUpdate());
        // RFC 5280 section 3.3: an entry stays until a regularly scheduled CRL issued after its certificate
        // expired has listed it. Keeping it for one CRL lifetime after expiry guarantees that, as CRLs are
        // re-signed every regenerate-interval (shorter than nextUpdate); after that it is left out.
        Instant keepExpiredSince = thisUpdate.minus(settings.nextUpdate());
        CrlEntries entries = sink -> records.forEachRevoked(nameId(id), id == IssuerId.ISSUING, keepExpiredSince,
                settings.pageSize(), row -> sink.accept(row.serial(), row.revokedAt(), row.reasonCode()));
        SignedCrl signed = signer.sign(id, BigInteger.valueOf(number), thisUpdate, nextUpdate, entries, target);
        return store(id, signed, covers, null, target, started);
    }

    /**
     * Signs delta CRL {@code number} on {@code base} into {@code target} and stores it: every
     * revocation numbered after those the base covers; inside the transaction holding the number's lock.
     */
    private StoredCrl signDelta(IssuerId id, long number, StoredCrl base, Path target) {
        long started = System.nanoTime();
        long covers = records.revocationCount(nameId(id));
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CrlEntries entries = sink -> records.forEachRevokedAfter(nameId(id), base.covers(), settings.pageSize(),
                row -> sink.accept(row.serial(), row.revokedAt(), row.reasonCode()));
        SignedCrl signed = signer.signDelta(id, BigInteger.valueOf(number), BigInteger.valueOf(base.number()),
                thisUpdate, thisUpdate.plus(settings.nextUpdate()), entries, target);
        return store(id, signed, covers, base.number(), target, started);
    }

    private StoredCrl store(IssuerId id, SignedCrl signed, long covers, Long base, Path target, long started) {
        StoredCrl crl = new StoredCrl(nameId(id), signed.number().longValueExact(), signed.thisUpdate(),
                signed.nextUpdate(), signed.entries(), signed.size(), sha256(target), covers, settings.node(), base);
        stored.insert(crl, target);
        log.info("Signed {} {} of the {} CA: {} entries, {} bytes, in {} ms",
                base == null ? "CRL" : "delta CRL (base " + base + ")", crl.number(), id, signed.entries(),
                signed.size(), (System.nanoTime() - started) / 1_000_000);
        return crl;
    }

    /** The CA as the database names it. */
    private long nameId(IssuerId id) {
        return signer.nameId(id).value();
    }

    private static String fileName(IssuerId id, boolean delta, String suffix) {
        return id.name().toLowerCase(Locale.ROOT) + (delta ? "-delta-" : "-") + suffix;
    }

    /**
     * Makes a stored CRL the one served: its local copy (from {@code signed}, just signed here, or
     * copied from the database), its PEM, then the publication. A local copy of the number made
     * before is used only when its digest is the stored one.
     */
    private PublishedCrl serve(IssuerId id, StoredCrl crl, Path signed) throws IOException {
        State state = state(id, crl.delta());
        Publication current = state.published;
        if (current != null && current.crl().number().longValue() == crl.number()) {
            return current.crl();
        }
        String base = fileName(id, crl.delta(), Long.toString(crl.number()));
        Path der = settings.directory().resolve(base + ".crl");
        Path pem = settings.directory().resolve(base + ".pem");
        if (signed != null) {
            Files.move(signed, der, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else if (!Files.exists(der) || Files.size(der) != crl.derSize() || !sha256(der).equals(crl.sha256())) {
            Path copying = settings.directory().resolve("." + base + ".copy");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(copying), 1 << 16)) {
                if (!stored.copyTo(nameId(id), crl.number(), crl.derSize(), out)) {
                    throw new IllegalStateException("CRL " + crl.number() + " of the " + id
                            + " CA was deleted while being copied");
                }
            }
            if (Files.size(copying) != crl.derSize() || !sha256(copying).equals(crl.sha256())) {
                Files.deleteIfExists(copying);
                throw new IllegalStateException("the stored CRL " + crl.number() + " of the " + id
                        + " CA does not match its digest");
            }
            Files.move(copying, der, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        long pemSize = writePem(der, pem);
        PublishedCrl published = new PublishedCrl(der, crl.derSize(), pem, pemSize, BigInteger.valueOf(crl.number()),
                crl.thisUpdate(), crl.nextUpdate(), crl.entries());
        state.published = new Publication(published, crl.covers(), crl.delta() ? crl.baseNumber() : 0);
        if (!crl.delta()) {
            events.publishEvent(new CrlSigned(id.name(), published.number(), published.thisUpdate(),
                    published.nextUpdate()));
        }
        removeOldFiles(fileName(id, crl.delta(), ""), published.number());
        return published;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void scheduleRegeneration(IssuerId id) {
        State state = states.get(id);
        if (!state.scheduled.compareAndSet(false, true)) {
            return; // one pending regeneration covers every revocation until it starts
        }
        background.schedule(() -> {
            state.scheduled.set(false);
            try {
                current(id, false);
                current(id, true);
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

    /**
     * Keeps the newest two CRLs of a CA and kind (file names {@code prefix<number>}): a reader that
     * just picked the previous one can still open it.
     */
    private void removeOldFiles(String prefix, BigInteger newest) {
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
