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
import dev.hallmark.storage.RevocationRecords;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CRL endpoints serve when a new CRL cannot be signed. */
class CrlPublisherTests {

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.now());
    private final FlakyRecords records = new FlakyRecords();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private final List<Object> published = new CopyOnWriteArrayList<>();
    private CrlPublisher publisher;

    @BeforeEach
    void publisher() {
        CaKeyStore store = new CaKeyStore(dir.resolve("ca"), CaPassword.resolve("unit-test-password",
                dir.resolve("ca/password"), true), 10_000);
        store.createRoot(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Root"), Duration.ofDays(3650), clock.instant());
        store.createIssuing(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Issuing"), Duration.ofDays(1825),
                clock.instant(), PublicationUrls.from(URI.create("http://localhost:8080")));
        CertificateAuthorities authorities = store.load();
        publisher = new CrlPublisher(new CrlSigner(authorities, CrlLinter.rfc5280()), records,
                new CrlSettings(dir.resolve("crl"), Duration.ofHours(24), Duration.ofHours(1), Duration.ofHours(1), 100),
                clock, background, published::add);
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

    /** CRL numbers and no revoked rows, or a failure like an unreachable database. */
    private static final class FlakyRecords extends RevocationRecords {

        private final AtomicLong numbers = new AtomicLong();
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
            return numbers.incrementAndGet();
        }

        @Override
        public long forEachRevoked(String issuer, Instant notExpiredAt, int pageSize, Consumer<Revoked> sink) {
            keepExpiredSince = notExpiredAt;
            return 0;
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
