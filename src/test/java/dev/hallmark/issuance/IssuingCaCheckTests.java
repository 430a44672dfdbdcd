package dev.hallmark.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.IssuerNameId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.RevocationRecords;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuing CA's standing, as issuance asks for it before signing: revoked, expired, or ending too soon. */
class IssuingCaCheckTests {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(START);
    private final CaRecord record = new CaRecord();
    private IssuingCaCheck check;
    private Instant caEnd;
    private String caSerial;
    private final long rootId = IssuerNameId.of(new X500Name("CN=Unit Root")).value();

    @BeforeEach
    void issuingCa() {
        CaKeyStore store = new CaKeyStore(SoftwareKeySource.in(dir,
                CaPassword.resolve("unit-test-password", dir.resolve("password"), true), 10_000));
        store.createRoot(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Root"), Duration.ofDays(3650), START);
        store.createIssuing(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Issuing"), Duration.ofDays(20), START,
                PublicationUrls.from(URI.create("http://localhost:8080")));
        CertificateAuthorities authorities = store.load();
        caEnd = authorities.certificate(IssuerId.ISSUING).getNotAfter().toInstant();
        caSerial = Serials.hex(authorities.certificate(IssuerId.ISSUING).getSerialNumber());
        check = new IssuingCaCheck(authorities, record, clock);
    }

    @Test
    void requireUsableWhenValidAndUnrevokedThenPasses() {
        record.status = CertificateStatus.VALID;
        assertThatCode(check::requireUsable).doesNotThrowAnyException();
    }

    @Test
    void requireUsableWhenRevokedThenRefusesNamingTheTime() {
        record.status = CertificateStatus.REVOKED;
        record.revokedAt = START.plus(Duration.ofDays(2));

        assertThatThrownBy(check::requireUsable).isInstanceOf(IssuingCaUnavailableException.class)
                .hasMessage("the issuing CA certificate (serial " + caSerial + ") was revoked at 2026-03-03T12:00:00Z;"
                        + " no certificate can be issued under it")
                .extracting(e -> ((IssuingCaUnavailableException) e).reason())
                .isEqualTo(IssuingCaUnavailableException.Reason.REVOKED);
    }

    @Test
    void requireUsableWhenExpiredThenRefusesNamingTheTime() {
        clock.now = caEnd;

        assertThatThrownBy(check::requireUsable).isInstanceOf(IssuingCaUnavailableException.class)
                .hasMessage("the issuing CA certificate (serial " + caSerial + ") expired at " + caEnd
                        + "; no certificate can be issued under it")
                .extracting(e -> ((IssuingCaUnavailableException) e).reason())
                .isEqualTo(IssuingCaUnavailableException.Reason.EXPIRED);
    }

    @Test
    void requireValidUntilWhenTheCaEndsFirstThenRefusesSayingHowManyDaysAreLeft() {
        Instant asked = START.plus(Duration.ofDays(30));

        assertThatThrownBy(() -> check.requireValidUntil(asked)).isInstanceOf(IssuingCaUnavailableException.class)
                .hasMessage("the issuing CA certificate expires at " + caEnd + ", before the requested end " + asked
                        + "; ask for at most 19 days")
                .extracting(e -> ((IssuingCaUnavailableException) e).reason())
                .isEqualTo(IssuingCaUnavailableException.Reason.EXPIRES_BEFORE_END);
    }

    @Test
    void requireValidUntilWhenLessThanADayIsLeftThenRefusesSayingSo() {
        clock.now = caEnd.minus(Duration.ofHours(3));
        Instant asked = clock.now.plus(Duration.ofDays(1));

        assertThatThrownBy(() -> check.requireValidUntil(asked)).isInstanceOf(IssuingCaUnavailableException.class)
                .hasMessage("the issuing CA certificate expires at " + caEnd + ", before the requested end " + asked
                        + "; it has less than a day left, so no certificate can be issued under it");
    }

    @Test
    void requireValidUntilWhenTheCertificateEndsWithTheCaThenPasses() {
        assertThatCode(() -> check.requireValidUntil(caEnd)).doesNotThrowAnyException();
        assertThat(check.notAfter()).isEqualTo(caEnd);
    }

    /** The issuing CA's row as RevocationRecords reads it. */
    private final class CaRecord extends RevocationRecords {

        volatile CertificateStatus status = CertificateStatus.VALID;
        volatile Instant revokedAt;

        CaRecord() {
            super(new JdbcDataSource());
        }

        @Override
        public Optional<Status> status(String serial) {
            return serial.equals(caSerial) ? Optional.of(new Status(serial, rootId, status, revokedAt,
                    revokedAt == null ? null : "cACompromise")) : Optional.empty();
        }
    }

    private static final class MovableClock extends Clock {

        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
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
