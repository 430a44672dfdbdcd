package dev.hallmark.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.signing.IssuerNameId;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.storage.IssuanceRecords;
import dev.hallmark.storage.SerialTakenException;
import dev.hallmark.support.MigratedDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Only a taken serial is tried again. The reservations run against the real migrated schema on H2
 * and PostgreSQL, so each integrity error is the one the database raises, classified by
 * {@link IssuanceRecords}; before, every {@code DataIntegrityViolationException} (a subject longer
 * than its column included) was taken for a serial collision and tried three times.
 */
class SerialRetryTests {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void runWhenTheSerialIsTakenThenRetriesWithANewSerialAndStoresOnce(String database) {
        MigratedDatabase db = database(database);
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        String taken = newSerial();
        db.transactions().executeWithoutResult(s -> records.reserve(reservation(taken, "CN=first")));
        Deque<String> serials = new ArrayDeque<>(List.of(taken, newSerial()));
        AtomicInteger attempts = new AtomicInteger();

        String stored = SerialRetry.run(() -> db.transactions().execute(s -> {
            attempts.incrementAndGet();
            String serial = serials.pop();
            records.reserve(reservation(serial, "CN=second"));
            return serial;
        }));

        assertThat(attempts).hasValue(2);
        assertThat(stored).isNotEqualTo(taken);
        assertThat(rows(db)).containsExactlyInAnyOrder(taken + " CN=first", stored + " CN=second");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void runWhenEverySerialIsTakenThenGivesUpAfterThreeAttempts(String database) {
        MigratedDatabase db = database(database);
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        String taken = newSerial();
        db.transactions().executeWithoutResult(s -> records.reserve(reservation(taken, "CN=first")));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> SerialRetry.run(() -> db.transactions().execute(s -> {
            attempts.incrementAndGet();
            records.reserve(reservation(taken, "CN=again"));
            return taken;
        }))).isInstanceOfSatisfying(SerialTakenException.class, e -> assertThat(e.serial()).isEqualTo(taken));

        assertThat(attempts).hasValue(SerialRetry.ATTEMPTS);
        assertThat(rows(db)).containsExactly(taken + " CN=first");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void runWhenAValueIsLongerThanItsColumnThenFailsAtTheFirstAttempt(String database) {
        MigratedDatabase db = database(database);
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> SerialRetry.run(() -> db.transactions().execute(s -> {
            attempts.incrementAndGet();
            records.reserve(reservation(newSerial(), "CN=" + "x".repeat(1100)));
            return null;
        }))).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(attempts).hasValue(1);
        assertThat(rows(db)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void runWhenARequiredValueIsMissingThenFailsAtTheFirstAttempt(String database) {
        MigratedDatabase db = database(database);
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> SerialRetry.run(() -> db.transactions().execute(s -> {
            attempts.incrementAndGet();
            records.reserve(reservation(newSerial(), null));
            return null;
        }))).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(attempts).hasValue(1);
        assertThat(rows(db)).isEmpty();
    }

    private static MigratedDatabase database(String name) {
        return name.equals("H2") ? MigratedDatabase.h2() : MigratedDatabase.postgres("serial_retry_tests");
    }

    private static final long ISSUER_ID = IssuerNameId.of(new X500Name("CN=Serial Retry Issuing")).value();

    private static IssuanceRecords.Reservation reservation(String serial, String subject) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new IssuanceRecords.Reservation(serial, ISSUER_ID, subject, null, "", "server", "admin:test", now,
                now.plus(1, ChronoUnit.DAYS), now);
    }

    private static List<String> rows(MigratedDatabase db) {
        return JdbcClient.create(db.dataSource()).sql("SELECT serial, subject FROM certificate")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).list();
    }

    private static String newSerial() {
        return Serials.hex(SerialNumbers.next());
    }
}
