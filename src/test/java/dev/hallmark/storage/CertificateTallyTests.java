package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.MigratedDatabase;
import dev.hallmark.support.TestReservations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The certificate tallies of V14__Certificate_tallies, in the slots of V18, on H2 (a Java trigger) and PostgreSQL
 * (PL/pgSQL): after any mix of reservations, completions, revocations, rollbacks and deletions, from many threads at
 * once, each count equals the number of stored certificates it stands for, counted here from the rows themselves.
 */
class CertificateTallyTests {

    private static final Instant NOW = Instant.parse("2026-12-03T10:15:30Z");

    static Stream<MigratedDatabase> databases() {
        return Stream.of(MigratedDatabase.h2(), MigratedDatabase.postgres("certificate_tally"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void talliesWhenCertificatesAreCompletedRevokedRolledBackAndDeletedThenEqualWhatIsStored(MigratedDatabase db) {
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String serial = serial();
            serials.add(serial);
            // notAfter at 23:59:59 and 00:00:00 UTC: the edges of a day
            Instant notAfter = NOW.plus(Duration.ofDays(i)).truncatedTo(ChronoUnit.DAYS)
                    .plusSeconds(i % 2 == 0 ? 86_399 : 86_400);
            String profile = i % 3 == 0 ? "client" : "server";
            Instant createdAt = NOW.minus(Duration.ofHours(i * 7L));
            db.transactions().executeWithoutResult(s -> records.reserve(reservation(serial, profile, createdAt,
                    notAfter)));
        }
        assertThat(tallies(db, "certificate_expiry_tally")).as("reserved serials are not counted").isEmpty();
        assertTalliesEqualTheRows(db);

        for (String serial : serials.subList(0, 5)) {
            db.transactions().executeWithoutResult(s -> records.complete(serial, new byte[] {1, 2, 3}, "f"));
        }
        assertTalliesEqualTheRows(db);

        assertThatThrownBy(() -> db.transactions().executeWithoutResult(s -> {
            records.complete(serials.get(5), new byte[] {1}, "f");
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertTalliesEqualTheRows(db);

        jdbc.sql("UPDATE certificate SET status = 'REVOKED', revoked_at = ?, revocation_reason = 'superseded'"
                + " WHERE serial IN (?, ?)").params(SqlTimes.utc(NOW), serials.get(0), serials.get(1)).update();
        jdbc.sql("UPDATE certificate SET der = ? WHERE serial = ?").params(new byte[] {9}, serials.get(2)).update();
        jdbc.sql("UPDATE certificate SET not_after = ?, profile = 'device' WHERE serial = ?")
                .params(SqlTimes.utc(NOW.plus(Duration.ofDays(40))), serials.get(3)).update();
        assertTalliesEqualTheRows(db);

        jdbc.sql("DELETE FROM certificate WHERE serial IN (?, ?, ?)").params(serials.get(1), serials.get(4),
                serials.get(5)).update();
        assertTalliesEqualTheRows(db);
        assertThat(total(tallies(db, "certificate_expiry_tally"))).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void talliesWhenManyThreadsCompleteAndRevokeOnTheSameDayAtOnceThenExact(MigratedDatabase db) throws Exception {
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        int threads = 8;
        int each = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String serial = serial();
                        // one day, one profile: every thread adds to the same tally rows, the first ones made at once
                        db.transactions().executeWithoutResult(s -> {
                            records.reserve(reservation(serial, "device", NOW, NOW.plus(Duration.ofDays(30))));
                            records.complete(serial, new byte[] {1}, "f");
                        });
                        if (i % 5 == 0) {
                            db.transactions().executeWithoutResult(s -> jdbc.sql(
                                    "UPDATE certificate SET status = 'REVOKED' WHERE serial = ?").params(serial)
                                    .update());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTalliesEqualTheRows(db);
        Map<List<Object>, Long> byExpiry = tallies(db, "certificate_expiry_tally");
        assertThat(byExpiry.get(List.of("VALID", "device", LocalDate.of(2027, 1, 2)))).isEqualTo(threads * each * 4 / 5);
        assertThat(byExpiry.get(List.of("REVOKED", "device", LocalDate.of(2027, 1, 2)))).isEqualTo(threads * each / 5);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT slot) FROM certificate_expiry_tally WHERE profile = 'device'")
                .query(Long.class).single()).as("concurrent transactions add to different rows").isGreaterThan(1);
    }

    @Test
    void migrationWhenCertificatesAreStoredAlreadyThenItCountsThem() {
        MigratedDatabase db = MigratedDatabase.h2(versionBeforeTallies());
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        for (int i = 0; i < 4; i++) {
            String serial = serial();
            Instant notAfter = NOW.plus(Duration.ofDays(i));
            db.transactions().executeWithoutResult(s -> records.reserve(reservation(serial, "server", NOW, notAfter)));
            if (i > 0) {
                db.transactions().executeWithoutResult(s -> records.complete(serial, new byte[] {1}, "f"));
            }
        }
        db.migrate();
        assertTalliesEqualTheRows(db);
        assertThat(total(tallies(db, "certificate_creation_tally"))).isEqualTo(3);
    }

    /** The newest migration before V14, whichever other migrations there are. */
    private static String versionBeforeTallies() {
        MigrationVersion tallies = MigrationVersion.fromVersion("14");
        return Arrays.stream(Flyway.configure().dataSource("jdbc:h2:mem:versions-" + UUID.randomUUID(), "sa", "")
                        .locations("classpath:db/migration").load().info().all())
                .map(MigrationInfo::getVersion).filter(v -> v.compareTo(tallies) < 0).max(MigrationVersion::compareTo)
                .orElseThrow().getVersion();
    }

    /** Both tallies, without their empty rows, equal the stored certificates counted by status, profile and day. */
    private static void assertTalliesEqualTheRows(MigratedDatabase db) {
        Map<List<Object>, Long> byExpiry = new HashMap<>();
        Map<List<Object>, Long> byCreation = new HashMap<>();
        JdbcClient.create(db.dataSource()).sql("SELECT status, profile, created_at, not_after FROM certificate")
                .query(rs -> {
                    String status = rs.getString(1);
                    if (!status.equals("PENDING")) {
                        byCreation.merge(List.of(status, rs.getString(2), day(rs.getObject(3, OffsetDateTime.class))),
                                1L, Long::sum);
                        byExpiry.merge(List.of(status, rs.getString(2), day(rs.getObject(4, OffsetDateTime.class))),
                                1L, Long::sum);
                    }
                });
        assertThat(tallies(db, "certificate_expiry_tally")).as(db.name() + " by expiry").isEqualTo(byExpiry);
        assertThat(tallies(db, "certificate_creation_tally")).as(db.name() + " by creation").isEqualTo(byCreation);
    }

    private static Map<List<Object>, Long> tallies(MigratedDatabase db, String table) {
        Map<List<Object>, Long> rows = new HashMap<>();
        String day = table.equals("certificate_expiry_tally") ? "expiry_day" : "created_day";
        // a count is the sum of its slots (V18__Certificate_tally_slots)
        JdbcClient.create(db.dataSource()).sql("SELECT status, profile, " + day + ", SUM(certificates) FROM " + table
                + " GROUP BY status, profile, " + day + " HAVING SUM(certificates) <> 0").query(rs -> {
                    rows.put(List.of(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class)),
                            rs.getLong(4));
                });
        return rows;
    }

    private static long total(Map<List<Object>, Long> tallies) {
        return tallies.values().stream().mapToLong(Long::longValue).sum();
    }

    private static LocalDate day(OffsetDateTime time) {
        return time.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static IssuanceRecords.Reservation reservation(String serial, String profile, Instant createdAt,
            Instant notAfter) {
        return TestReservations.of(serial, profile, createdAt, notAfter);
    }

    private static String serial() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
