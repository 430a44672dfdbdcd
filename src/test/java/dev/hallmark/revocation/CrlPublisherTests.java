package dev.hallmark.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.lint.CrlLinter;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CrlSigner;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.storage.CaKeyRecords;
import dev.hallmark.storage.CrlRecords;
import dev.hallmark.storage.RevocationRecords;
import dev.hallmark.support.MigratedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
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

    private static final PublicationUrls URLS = PublicationUrls.from(URI.create("http://localhost:8080"));

    private final MovableClock clock = new MovableClock(Instant.now());
    private final MigratedDatabase database = MigratedDatabase.h2();
    private final FlakyDataSource dataSource = new FlakyDataSource(database.dataSource());
    private final RevocationRecords records = new RevocationRecords(dataSource);
    private final TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
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
                clock.instant(), URLS);
        CertificateAuthorities authorities = store.load();
        // as bootstrap records the CA, which gives it its CRL number and revocation sequence
        CaKeyRecords caKeys = new CaKeyRecords(dataSource);
        for (IssuerId id : IssuerId.values()) {
            transactions.executeWithoutResult(s -> caKeys.insert(new CaKeyRecords.CaKeyRow(authorities.nameId(id).value(),
                    id.name(), encoded(authorities.certificate(id)), null), clock.instant()));
        }
        publisher = publisher(authorities, dir.resolve("crl"), "node-a");
        this.authorities = authorities;
    }

    private CertificateAuthorities authorities;

    private long issuingId() {
        return authorities.nameId(IssuerId.ISSUING).value();
    }

    private static byte[] encoded(X509CertificateHolder certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CrlPublisher publisher(CertificateAuthorities authorities, Path crlDir, String node) {
        return publisher(authorities, crlDir, node, 10_000);
    }

    private CrlPublisher publisher(CertificateAuthorities authorities, Path crlDir, String node, long deltaOnlyFrom) {
        return new CrlPublisher(new CrlSigner(authorities, CrlLinter.rfc5280(), URLS), records,
                new CrlRecords(dataSource), transactions, new CrlSettings(crlDir, Duration.ofHours(24), Duration.ofHours(1),
                        Duration.ofHours(1), 100, node, deltaOnlyFrom), clock, background, published::add,
                () -> afterRead.get().run());
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void issuingCrlWhenSigningFailsThenLastCrlServedWhileValidThenUnavailableThenNewOneOnceSigningWorks() {
        PublishedCrl first = publisher.issuingCrl();
        dataSource.failing = true;
        publisher.onRevoked(new CertificateRevoked("0A", IssuerId.ISSUING, clock.instant(), RevocationReason.keyCompromise));

        assertThat(publisher.issuingCrl().number()).isEqualTo(first.number());

        clock.advance(Duration.ofHours(25)); // past the first CRL's nextUpdate
        assertThatThrownBy(publisher::issuingCrl).isInstanceOf(CrlUnavailableException.class)
                .hasMessageContaining("no valid CRL of the ISSUING CA").hasRootCauseMessage("database unreachable");

        dataSource.failing = false;
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
        dataSource.failing = true;
        assertThatThrownBy(publisher::issuingCrl).isInstanceOf(CrlUnavailableException.class);
        assertThat(published).isEmpty();
    }

    @Test
    void issuingCrlWhenSignedThenListsCertificatesExpiredWithinOneCrlLifetime() throws Exception {
        // RFC 5280 section 3.3: an entry leaves only after a regularly scheduled CRL issued beyond
        // the certificate's validity has listed it
        String expiredWithinLifetime = revoke(clock.instant().minus(Duration.ofHours(23)));
        String expiredLongAgo = revoke(clock.instant().minus(Duration.ofHours(25)));

        PublishedCrl crl = publisher.issuingCrl();

        assertThat(lists(crl, expiredWithinLifetime)).isTrue();
        assertThat(lists(crl, expiredLongAgo)).isFalse();
    }

    @Test
    void issuingCrlWhenTwoNodesShareTheDatabaseThenOneSignsAndBothServeTheSameBytes() throws Exception {
        CrlPublisher other = publisher(authorities, dir.resolve("crl-b"), "node-b");
        PublishedCrl first = publisher.issuingCrl();

        PublishedCrl seenByOther = other.issuingCrl();

        assertThat(seenByOther.number()).isEqualTo(first.number());
        assertThat(Files.readAllBytes(seenByOther.der())).isEqualTo(Files.readAllBytes(first.der()));
        String serial = revoke();
        PublishedCrl next = other.issuingCrl();
        assertThat(next.number()).isGreaterThan(first.number());
        assertThat(lists(next, serial)).as("a revocation made elsewhere is on the next fetch").isTrue();
        assertThat(Files.readAllBytes(publisher.issuingCrl().der())).isEqualTo(Files.readAllBytes(next.der()));
        assertThat(JdbcClient.create(database.dataSource()).sql("SELECT signed_by FROM crl WHERE issuer_id = " + issuingId()
                + " ORDER BY crl_number").query(String.class).list()).containsExactly("node-a", "node-b");
    }

    @Test
    void regenerateIfDueWhenStoredCrlIsCurrentThenAnotherNodeServesItWithoutSigning() {
        PublishedCrl first = publisher.issuingCrl();
        CrlPublisher other = publisher(authorities, dir.resolve("crl-b"), "node-b");

        other.regenerateIfDue();

        assertThat(other.issuingCrl().number()).isEqualTo(first.number());
        clock.advance(Duration.ofMinutes(61));
        other.regenerateIfDue();
        // numbers are shared with the delta CRLs the schedule signs as well
        PublishedCrl next = publisher.issuingCrl();
        assertThat(next.number()).isGreaterThan(first.number());
        assertThat(other.issuingCrl().number()).isEqualTo(next.number());
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
                        // by the stored bytes: the local file may already be replaced by newer ones
                        if (!storedLists(crl.number().longValue(), serial)) {
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
    @Test
    void deltaWhenCompleteCrlIsAtTheDeltaOnlyThresholdThenRevocationsReachTheDeltaAndTheCompleteCrlWaitsForItsSchedule()
            throws Exception {
        publisher = publisher(authorities, dir.resolve("crl-delta"), "node-a", 0);
        PublishedCrl complete = publisher.issuingCrl();

        String serial = revoke();
        PublishedCrl delta = publisher.issuingDeltaCrl();
        PublishedCrl completeAfter = publisher.issuingCrl();

        assertThat(lists(delta, serial)).isTrue();
        assertThat(base(delta)).isEqualTo(complete.number());
        assertThat(delta.number()).isGreaterThan(complete.number());
        assertThat(completeAfter.number()).isEqualTo(complete.number());
        assertThat(lists(completeAfter, serial)).isFalse();

        String second = revoke();
        PublishedCrl nextDelta = publisher.issuingDeltaCrl();
        assertThat(nextDelta.number()).isGreaterThan(delta.number());
        assertThat(lists(nextDelta, serial) && lists(nextDelta, second)).as("every revocation since the base").isTrue();

        clock.advance(Duration.ofMinutes(61)); // the complete CRL is due on its schedule
        publisher.regenerateIfDue();
        PublishedCrl rebuilt = publisher.issuingCrl();
        PublishedCrl deltaOnRebuilt = publisher.issuingDeltaCrl();
        assertThat(lists(rebuilt, serial) && lists(rebuilt, second)).isTrue();
        assertThat(base(deltaOnRebuilt)).isEqualTo(rebuilt.number());
        assertThat(deltaOnRebuilt.entries()).as("nothing revoked since the rebuilt complete CRL").isZero();
        assertThat(published).as("CrlSigned is for complete CRLs")
                .filteredOn(e -> ((CrlSigned) e).issuer().equals("ISSUING")).hasSize(2);
    }

    @Test
    void deltaWhenCompleteCrlIsBelowTheThresholdThenBothFollowEveryRevocation() throws Exception {
        publisher.issuingDeltaCrl();

        String serial = revoke();
        PublishedCrl complete = publisher.issuingCrl();
        PublishedCrl delta = publisher.issuingDeltaCrl();

        assertThat(lists(complete, serial)).isTrue();
        assertThat(base(delta)).isEqualTo(complete.number());
        assertThat(delta.entries()).isZero();
    }

    @Test
    void deltaWhenNoCompleteCrlWasSignedYetThenTheCompleteOneIsSignedFirstAndTheDeltaBasedOnIt() throws Exception {
        PublishedCrl delta = publisher.rootDeltaCrl();
        PublishedCrl complete = publisher.rootCrl();

        assertThat(base(delta)).isEqualTo(complete.number());
        assertThat(delta.number()).isEqualTo(complete.number().add(BigInteger.ONE));
        X509CRLHolder holder = new X509CRLHolder(Files.readAllBytes(delta.der()));
        assertThat(holder.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                .build(authorities.certificate(dev.hallmark.signing.IssuerId.ROOT)))).isTrue();
    }

    @Test
    void deleteOldStoredCrlsWhenManyOfEachKindThenTheNewestOfEachKindAreKept() throws Exception {
        publisher = publisher(authorities, dir.resolve("crl-delete"), "node-a", 0);
        for (int i = 0; i < 5; i++) {
            publisher.issuingCrl();
            revoke();
            publisher.issuingDeltaCrl();
            clock.advance(Duration.ofMinutes(61));
            publisher.regenerateIfDue();
        }
        PublishedCrl complete = publisher.issuingCrl();
        PublishedCrl delta = publisher.issuingDeltaCrl();

        publisher.deleteOldStoredCrls();

        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM crl WHERE issuer_id = " + issuingId() + " AND base_number IS NULL")
                .query(Long.class).single()).isEqualTo(CrlPublisher.STORED_KEPT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM crl WHERE issuer_id = " + issuingId() + " AND base_number IS NOT NULL")
                .query(Long.class).single()).isEqualTo(CrlPublisher.STORED_KEPT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM crl_part p WHERE issuer_id = " + issuingId() + " AND NOT EXISTS (SELECT 1 FROM crl c"
                + " WHERE c.issuer_id = p.issuer_id AND c.crl_number = p.crl_number)").query(Long.class).single()).isZero();
        assertThat(publisher.issuingCrl().number()).isEqualTo(complete.number());
        assertThat(publisher.issuingDeltaCrl().number()).isEqualTo(delta.number());
    }

    @Test
    void deleteExpiredRevocationsWhenACrlSignedAfterTheirExpiryCoversThemThenOnlyThoseRowsGo() throws Exception {
        String expiredAndListed = revoke(clock.instant().minus(Duration.ofHours(1)));
        String expiredLongAgo = revoke(clock.instant().minus(Duration.ofDays(3)));
        String valid = revoke(clock.instant().plus(Duration.ofDays(30)));
        PublishedCrl crl = publisher.issuingCrl();
        assertThat(lists(crl, expiredAndListed)).isTrue();
        clock.advance(Duration.ofMinutes(1));
        // expired before the CRL too, but revoked after it: that CRL does not cover it
        String expiredAfterTheCrl = revoke(crl.thisUpdate().minus(Duration.ofHours(1)));

        publisher.deleteExpiredRevocations();

        List<String> left = JdbcClient.create(database.dataSource())
                .sql("SELECT serial FROM revoked_certificate WHERE issuer_id = " + issuingId()).query(String.class).list();
        assertThat(left).contains(valid, expiredAfterTheCrl).doesNotContain(expiredAndListed, expiredLongAgo);
        PublishedCrl next = publisher.issuingCrl();
        assertThat(lists(next, valid) && lists(next, expiredAfterTheCrl)).isTrue();
        assertThat(lists(next, expiredAndListed)).isFalse();
    }

    private static BigInteger base(PublishedCrl delta) throws Exception {
        Extension indicator = new X509CRLHolder(Files.readAllBytes(delta.der())).getExtension(Extension.deltaCRLIndicator);
        assertThat(indicator).as("a delta CRL").isNotNull();
        return ASN1Integer.getInstance(indicator.getParsedValue()).getValue();
    }

    private String revoke() {
        return revoke(clock.instant().plus(Duration.ofDays(30)));
    }

    private String revoke(Instant notAfter) {
        String serial = SerialNumbers.next().toString(16).toUpperCase(Locale.ROOT);
        transactions.executeWithoutResult(s -> records.recordRevocation(issuingId(), serial,
                clock.instant().truncatedTo(ChronoUnit.SECONDS), 1, notAfter));
        publisher.onRevoked(new CertificateRevoked(serial, IssuerId.ISSUING, clock.instant(), RevocationReason.keyCompromise));
        return serial;
    }

    private static boolean lists(PublishedCrl crl, String serial) throws Exception {
        X509CRLHolder holder = new X509CRLHolder(Files.readAllBytes(crl.der()));
        return holder.getRevokedCertificate(new BigInteger(serial, 16)) != null;
    }

    private boolean storedLists(long number, String serial) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var crls = new CrlRecords(database.dataSource());
        long size = JdbcClient.create(database.dataSource()).sql("SELECT der_size FROM crl WHERE issuer_id = ?"
                + " AND crl_number = ?").params(issuingId(), number).query(Long.class).single();
        assertThat(crls.copyTo(issuingId(), number, size, out)).isTrue();
        return new X509CRLHolder(out.toByteArray()).getRevokedCertificate(new BigInteger(serial, 16)) != null;
    }

    /** The database, or a failure like an unreachable one. */
    private static final class FlakyDataSource extends DelegatingDataSource {

        volatile boolean failing;

        FlakyDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (failing) {
                throw new SQLException("database unreachable");
            }
            return super.getConnection();
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
