package dev.hallmark.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.CertificateTallies;
import dev.hallmark.storage.IssuanceRecords;
import dev.hallmark.support.MigratedDatabase;
import dev.hallmark.support.TestReservations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts from the tallies plus the part-days at a window's ends equal a count of the certificates themselves, for
 * every filter of a search without text, whether a bound falls on a midnight, inside a day or at a certificate's
 * notAfter.
 */
class CertificateCountsTests {

    private static final Instant NOW = Instant.parse("2026-12-03T10:15:30.123456Z");

    /** What was stored, to count here. */
    private record Stored(CertificateStatus status, String profile, Instant notAfter) {
    }

    static Stream<MigratedDatabase> databases() {
        return Stream.of(MigratedDatabase.h2(), MigratedDatabase.postgres("certificate_counts"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void countWhenAnyFilterWithoutTextThenEqualsTheCertificatesItSelects(MigratedDatabase db) {
        List<Stored> stored = store(db);
        CertificateCounts counts = new CertificateCounts(new CertificateTallies(db.dataSource()));
        Instant midnight = NOW.truncatedTo(ChronoUnit.DAYS);
        List<Instant> bounds = new ArrayList<>(Arrays.asList(null, NOW, midnight, midnight.plus(Duration.ofDays(1)),
                midnight.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(3)), NOW.minus(Duration.ofHours(30)),
                midnight.plus(Duration.ofDays(5)).plusSeconds(1)));
        bounds.add(stored.get(7).notAfter());
        // the API takes any instant: the largest and the smallest have no UTC day
        bounds.add(Instant.parse("+1000000000-12-31T23:59:59Z"));
        bounds.add(Instant.parse("-1000000000-01-01T00:00:00Z"));
        int checked = 0;
        for (String status : Arrays.asList(null, "valid", "expired", "revoked")) {
            for (String profile : Arrays.asList(null, "server")) {
                for (Instant after : bounds) {
                    for (Instant before : bounds) {
                        CertificateFilter filter = new CertificateFilter(status, profile, null, before, after);
                        assertThat(counts.count(filter, NOW)).as(db.name() + " " + filter)
                                .isEqualTo(stored.stream().filter(c -> selects(filter, c)).count());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 2 * bounds.size() * bounds.size());
    }

    /** The search's own definition (CertificateQueries.specification), applied to one certificate. */
    private static boolean selects(CertificateFilter f, Stored c) {
        boolean status = switch (f.status() == null ? "" : f.status()) {
            case "valid" -> c.status() == CertificateStatus.VALID && c.notAfter().isAfter(NOW);
            case "expired" -> c.status() == CertificateStatus.VALID && !c.notAfter().isAfter(NOW);
            case "revoked" -> c.status() == CertificateStatus.REVOKED;
            default -> true;
        };
        return status && (f.profile() == null || f.profile().equals(c.profile()))
                && (f.expiresBefore() == null || c.notAfter().isBefore(f.expiresBefore()))
                && (f.expiresAfter() == null || c.notAfter().isAfter(f.expiresAfter()));
    }

    /** 300 certificates expiring from 6 days ago to 8 days ahead, some at midnight or now exactly, some reserved. */
    private static List<Stored> store(MigratedDatabase db) {
        IssuanceRecords records = new IssuanceRecords(db.dataSource());
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        Random random = new Random(12);
        Instant midnight = NOW.truncatedTo(ChronoUnit.DAYS);
        List<Stored> stored = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant notAfter = switch (i % 10) {
                case 0 -> midnight.plus(Duration.ofDays(random.nextInt(14) - 6));
                case 1 -> NOW;
                default -> NOW.plus(Duration.ofSeconds(random.nextLong(14 * 86_400L) - 6 * 86_400L))
                        .truncatedTo(ChronoUnit.MICROS);
            };
            String profile = i % 3 == 0 ? "client" : "server";
            String serial = UUID.randomUUID().toString().replace("-", "");
            db.transactions().executeWithoutResult(s -> records.reserve(TestReservations.of(serial, profile,
                    NOW.minus(Duration.ofDays(20)), notAfter)));
            if (i % 17 == 0) {
                continue;
            }
            db.transactions().executeWithoutResult(s -> records.complete(serial, new byte[] {1}, "f"));
            CertificateStatus status = CertificateStatus.VALID;
            if (i % 7 == 0) {
                jdbc.sql("UPDATE certificate SET status = 'REVOKED' WHERE serial = ?").params(serial).update();
                status = CertificateStatus.REVOKED;
            }
            stored.add(new Stored(status, profile, notAfter));
        }
        return stored;
    }
}
