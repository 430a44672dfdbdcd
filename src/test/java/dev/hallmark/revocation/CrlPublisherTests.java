package dev.hallmark.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.lint.CrlLinter;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CrlSigner;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.storage.RevocationRecords;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CRLHolder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CRL endpoints serve: the last signed CRL while it is valid when a new one cannot be
 * signed, and never, once a revocation has returned, a CRL that lacks it.
 */
class CrlPublisherTests {

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.now());
    private final FlakyRecords records = new FlakyRecords();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private final List<Object> published = new CopyOnWriteArrayList<>();
    /** Runs in a reader just after it has read the published CRL: where a test makes a new one land. */
    private final AtomicReference<Runnable> afterRead = new AtomicReference<>(() -> { });
    private CrlPublisher publisher;

    @BeforeEach
    void publisher() {
        CaKeyStore store = new CaKeyStore(SoftwareKeySource.in(dir.resolve("ca"),
                CaPassword.resolve("unit-test-password", dir.resolve("ca/password"), true), 10_000));
        store.createRoot(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Root"), Duration.ofDays(3650), clock.instant());
        store.createIssuing(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Issuing"), Duration.ofDays(1825),
                clock.instant(), PublicationUrls.from(URI.create("http://localhost:8080")));
        CertificateAuthorities authorities = store.load();
        publisher = new CrlPublisher(new CrlSigner(authorities, CrlLinter.rfc5280()), records,
                new CrlSettings(dir.resolve("crl"), Duration.ofHours(24), Duration.ofHours(1), Duration.ofHours(1), 100),
                clock, background, published::add, () -> afterRead.get().run());
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void issuingCrlWhenSigningFailsThenLastCrlServedWhileValidThenUnavailableThenNewOneOnceSigningWorks() {
        PublishedCrl first = publisher.issuingCrl();
        records.failing = true;
        publisher.onRevoked(new CertificateRevoked("0A", "ISSUING", clock.instant(), RevocationReason.keyCompromise));

        assertThat(publisher.issuingCrl().number()).isEqualTo(first.number());

        clock.advance(Duration.ofHours(25)); // past the first CRL's nextUpdate
        assertThatThrownBy(publisher::issuingCrl).isInstanceOf(CrlUnavailableException.class)
                .hasMessageContaining("no valid CRL of the ISSUING CA").hasRootCauseMessage("database unreachable");

        records.failing = false;
        PublishedCrl next = publisher.issuingCrl();
        assertThat(next.number()).isGreaterThan(first.number());
        assertThat(next.nextUpdate()).isAfter(clock.instant());
    }

    @Test
    void issuingCrlWhenSignedThenCrlSignedPublishedWithItsNumberAndTimes() {
        PublishedCrl crl = publisher.issuingCrl();

        assertThat(published).containsExactly(new CrlSigned("ISSUING", crl.number(), crl.thisUpdate(), crl.nextUpdate()));
        assertThat(Duration.between(crl.thisUpdate(), crl.nextUpdate())).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void issuingCrlWhenNoneWasEverSignedAndSigningFailsThenUnavailable() {
        records.failing = true;
        assertThatThrownBy(publisher::issuingCrl).isInstanceOf(CrlUnavailableException.class);
        assertThat(published).isEmpty();
    }

    @Test
    void issuingCrlWhenSignedThenListsCertificatesExpiredWithinOneCrlLifetime() {
        PublishedCrl crl = publisher.issuingCrl();
        // RFC 5280 section 3.3: an entry leaves only after a regularly scheduled CRL issued beyond
        // the certificate's validity has listed it
        assertThat(records.keepExpiredSince).isEqualTo(crl.thisUpdate().minus(Duration.ofHours(24)));
    }

    @Test
    void issuingCrlWhenANewerCrlIsPublishedWhileAReaderJudgesTheOldOneThenTheReaderServesOneListingTheRevocation()
            throws Exception {
        PublishedCrl first = publisher.issuingCrl();
        String serial = revoke();
        // the reader has read the published CRL; before it judges it, another reader publishes a new one
        afterRead.set(() -> {
            afterRead.set(() -> { });
            publisher.issuingCrl();
        });

        PublishedCrl served = publisher.issuingCrl();

        assertThat(served.number()).isGreaterThan(first.number());
        assertThat(lists(served, serial)).as("the CRL served after the revocation returned lists it").isTrue();
    }

    @Test
    void issuingCrlWhenRevokingAndFetchingConcurrentlyThenEveryFetchAfterARevocationListsIt() throws Exception {
        int revokers = 2;
        int fetchers = 2;
        ExecutorService pool = Executors.newFixedThreadPool(revokers + fetchers);
        try {
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < fetchers; i++) {
                tasks.add(pool.submit(() -> {
                    while (!stop.get()) {
                        publisher.issuingCrl();
                    }
                    return null;
                }));
            }
            List<Future<List<String>>> revoking = new ArrayList<>();
            for (int i = 0; i < revokers; i++) {
                revoking.add(pool.submit(() -> {
                    List<String> missing = new ArrayList<>();
                    for (int n = 0; n < 100; n++) {
                        String serial = revoke();
                        PublishedCrl crl = publisher.issuingCrl();
                        // by what was handed to the signer: the file may already be replaced by newer ones
                        if (!records.listed.get(crl.number().longValue()).contains(serial)) {
                            missing.add(serial + " not on CRL " + crl.number());
                        }
                    }
                    return missing;
                }));
            }
            List<String> missing = new ArrayList<>();
            for (Future<List<String>> r : revoking) {
                missing.addAll(r.get(120, TimeUnit.SECONDS));
            }
            stop.set(true);
            for (Future<?> t : tasks) {
                t.get(30, TimeUnit.SECONDS);
            }
            assertThat(missing).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** What RevocationService does: commit the CRL row, then tell the publisher. */
    private String revoke() {
        String serial = SerialNumbers.next().toString(16).toUpperCase(Locale.ROOT);
        records.revoked.add(new RevocationRecords.Revoked(records.revoked.size(), serial, clock.instant()
                .truncatedTo(ChronoUnit.SECONDS), 1, clock.instant().plus(Duration.ofDays(30)), "ISSUING"));
        publisher.onRevoked(new CertificateRevoked(serial, "ISSUING", clock.instant(), RevocationReason.keyCompromise));
        return serial;
    }

    private static boolean lists(PublishedCrl crl, String serial) throws Exception {
        X509CRLHolder holder = new X509CRLHolder(Files.readAllBytes(crl.der()));
        return holder.getRevokedCertificate(new BigInteger(serial, 16)) != null;
    }

    /** CRL numbers and revoked rows in memory, or a failure like an unreachable database. */
    private static final class FlakyRecords extends RevocationRecords {

        private final AtomicLong numbers = new AtomicLong();
        private final ThreadLocal<Long> signing = new ThreadLocal<>();
        final List<Revoked> revoked = new CopyOnWriteArrayList<>();
        /** The serials each CRL number was generated with. */
        final Map<Long, Set<String>> listed = new ConcurrentHashMap<>();
        volatile boolean failing;
        volatile Instant keepExpiredSince;

        FlakyRecords() {
            super(new JdbcDataSource());
        }

        @Override
        public long nextCrlNumber(String issuer) {
            if (failing) {
                throw new IllegalStateException("database unreachable");
            }
            long number = numbers.incrementAndGet();
            signing.set(number); // the publisher reads the rows for this number next, on this thread
            return number;
        }

        @Override
        public long forEachRevoked(String issuer, Instant notExpiredAt, int pageSize, Consumer<Revoked> sink) {
            keepExpiredSince = notExpiredAt;
            List<Revoked> rows = revoked.stream().filter(r -> r.issuer().equals(issuer)).toList();
            listed.put(signing.get(), rows.stream().map(Revoked::serial).collect(Collectors.toSet()));
            rows.forEach(sink);
            return rows.size();
        }
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
