package dev.hallmark.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counts of certificates that read a few rows however large the store: the tallies by UTC day of expiry and of
 * creation that the database keeps (V14__Certificate_tallies), and exact counts over a short span of notAfter
 * through the (status, not_after) index for the part of a day a tally cannot split.
 */
@Repository
public class CertificateTallies {

    private final JdbcClient jdbc;

    public CertificateTallies(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * Certificates of the statuses (and the profile, unless null) that expire on the days from {@code from} up to
     * but not including {@code to}; a null day leaves that side open.
     */
    public long expiringOnDays(Collection<CertificateStatus> statuses, String profile, LocalDate from, LocalDate to) {
        Where where = Where.of(statuses, profile);
        if (from != null) {
            where.and("expiry_day >= ?", from);
        }
        if (to != null) {
            where.and("expiry_day < ?", to);
        }
        return jdbc.sql("SELECT COALESCE(SUM(certificates), 0) FROM certificate_expiry_tally" + where.sql())
                .params(where.params()).query(Long.class).single();
    }

    /** Certificates of the status expiring on each day from {@code from} to {@code to}, both included. */
    public Map<LocalDate, Long> expiringPerDay(CertificateStatus status, LocalDate from, LocalDate to) {
        return perDay("certificate_expiry_tally", "expiry_day", List.of(status), from, to);
    }

    /** Certificates of the statuses created on each day from {@code from} to {@code to}, both included. */
    public Map<LocalDate, Long> createdPerDay(Collection<CertificateStatus> statuses, LocalDate from, LocalDate to) {
        return perDay("certificate_creation_tally", "created_day", statuses, from, to);
    }

    /**
     * Certificates of the statuses (and the profile, unless null) whose notAfter is after {@code from} (or at it,
     * when inclusive) and before {@code to} (or at it): counted in the table, so meant for spans of about a day.
     */
    public long countExpiring(Collection<CertificateStatus> statuses, String profile, Instant from,
            boolean fromInclusive, Instant to, boolean toInclusive) {
        Where where = Where.of(statuses, profile);
        where.and(fromInclusive ? "not_after >= ?" : "not_after > ?", SqlTimes.utc(from));
        where.and(toInclusive ? "not_after <= ?" : "not_after < ?", SqlTimes.utc(to));
        return jdbc.sql("SELECT COUNT(*) FROM certificate" + where.sql()).params(where.params()).query(Long.class)
                .single();
    }

    private Map<LocalDate, Long> perDay(String table, String dayColumn, Collection<CertificateStatus> statuses,
            LocalDate from, LocalDate to) {
        Where where = Where.of(statuses, null);
        where.and(dayColumn + " >= ?", from);
        where.and(dayColumn + " <= ?", to);
        Map<LocalDate, Long> days = new TreeMap<>();
        jdbc.sql("SELECT " + dayColumn + ", SUM(certificates) FROM " + table + where.sql() + " GROUP BY " + dayColumn)
                .params(where.params())
                .query(rs -> {
                    days.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                });
        return days;
    }

    /** A WHERE clause with its parameters, built from fixed column names only. */
    private static final class Where {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> params = new ArrayList<>();

        static Where of(Collection<CertificateStatus> statuses, String profile) {
            Where where = new Where();
            where.and("status IN (" + String.join(", ", statuses.stream().map(s -> "?").toList()) + ")",
                    statuses.stream().map(CertificateStatus::name).toArray());
            if (profile != null) {
                where.and("profile = ?", profile);
            }
            return where;
        }

        void and(String condition, Object... values) {
            sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(condition);
            params.addAll(List.of(values));
        }

        String sql() {
            return sql.toString();
        }

        List<Object> params() {
            return params;
        }
    }
}
