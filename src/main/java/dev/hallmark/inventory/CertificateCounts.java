package dev.hallmark.inventory;

import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.CertificateTallies;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Exact counts of certificates by status, profile and a window of notAfter, from the database's tallies by day of
 * expiry: the whole days inside the window from the tallies, the part-days at its ends counted in the table (at most
 * a day's certificates each). What a search without text finds is counted so, in time that does not grow with the
 * store.
 */
final class CertificateCounts {

    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private final CertificateTallies tallies;

    CertificateCounts(CertificateTallies tallies) {
        this.tallies = tallies;
    }

    /** What {@link CertificateQueries#search} finds with this filter, which has no text; {@code now} decides expiry. */
    long count(CertificateFilter filter, Instant now) {
        Instant after = filter.expiresAfter();
        Instant before = filter.expiresBefore();
        return switch (filter.status() == null ? "" : filter.status()) {
            case "valid" -> count(List.of(CertificateStatus.VALID), filter.profile(),
                    after == null || after.isBefore(now) ? now : after, before, false);
            case "expired" -> before != null && !before.isAfter(now)
                    ? count(List.of(CertificateStatus.VALID), filter.profile(), after, before, false)
                    : count(List.of(CertificateStatus.VALID), filter.profile(), after, now, true);
            case "revoked" -> count(List.of(CertificateStatus.REVOKED), filter.profile(), after, before, false);
            case "" -> count(List.of(CertificateStatus.VALID, CertificateStatus.REVOKED), filter.profile(), after,
                    before, false);
            default -> throw new InvalidQueryException("status must be valid, revoked or expired");
        };
    }

    /**
     * Certificates whose notAfter is after {@code after} and before {@code before} (or at it, when inclusive); a null
     * bound is open. The window is cut into the rest of {@code after}'s day, whole days, and the start of
     * {@code before}'s day.
     */
    long count(List<CertificateStatus> statuses, String profile, Instant after, Instant before,
            boolean beforeInclusive) {
        // a notAfter is an X.509 time, years 0000 to 9999: a bound beyond them is open (and has no UTC day)
        if (after != null && after.isBefore(FIRST)) {
            after = null;
        }
        if (before != null && before.isAfter(LAST)) {
            before = null;
        }
        if (after != null && !after.isBefore(LAST) || before != null && !before.isAfter(FIRST)
                || after != null && before != null && !after.isBefore(before)) {
            return 0;
        }
        LocalDate firstWhole = after == null ? null : day(after).plusDays(1);
        LocalDate endWhole = before == null ? null : day(before);
        if (firstWhole != null && endWhole != null && !firstWhole.isBefore(endWhole)) {
            return tallies.countExpiring(statuses, profile, after, false, before, beforeInclusive);
        }
        long n = tallies.expiringOnDays(statuses, profile, firstWhole, endWhole);
        if (after != null) {
            n += tallies.countExpiring(statuses, profile, after, false, start(firstWhole), false);
        }
        if (before != null) {
            n += tallies.countExpiring(statuses, profile, start(endWhole), true, before, beforeInclusive);
        }
        return n;
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
