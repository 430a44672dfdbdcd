package dev.hallmark.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.h2.api.Trigger;

/**
 * On H2, keeps the certificate tallies of {@code V14__Certificate_tallies} as the PostgreSQL trigger does: each
 * change of a certificate's status, profile or dates moves one count, in the transaction that changes the
 * certificate. Reserved ({@code PENDING}) certificates are not counted. A change adds to the slot of the thread
 * that makes it ({@code V18__Certificate_tally_slots}), so that concurrent transactions seldom wait for one row.
 */
public final class CertificateTallyTrigger implements Trigger {

    private static final String PENDING = CertificateStatus.PENDING.name();
    /** As many as PostgreSQL's trigger uses; any number would count right. */
    private static final int SLOTS = 16;

    private int status;
    private int profile;
    private int createdAt;
    private int notAfter;

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type)
            throws SQLException {
        Map<String, Integer> columns = new HashMap<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, schema, table, null)) {
            while (rs.next()) {
                columns.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getInt("ORDINAL_POSITION") - 1);
            }
        }
        status = column(columns, "status");
        profile = column(columns, "profile");
        createdAt = column(columns, "created_at");
        notAfter = column(columns, "not_after");
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow != null && newRow != null && counted(oldRow).equals(counted(newRow))) {
            return;
        }
        if (oldRow != null && !PENDING.equals(oldRow[status])) {
            add(connection, oldRow, -1);
        }
        if (newRow != null && !PENDING.equals(newRow[status])) {
            add(connection, newRow, 1);
        }
    }

    /** What the tallies count a certificate by. */
    private record Counted(Object status, Object profile, Object createdAt, Object notAfter) {
    }

    private Counted counted(Object[] row) {
        return new Counted(row[status], row[profile], row[createdAt], row[notAfter]);
    }

    private void add(Connection connection, Object[] row, long n) throws SQLException {
        String s = (String) row[status];
        String p = (String) row[profile];
        add(connection, "certificate_expiry_tally", "expiry_day", s, p, day(row[notAfter]), n);
        add(connection, "certificate_creation_tally", "created_day", s, p, day(row[createdAt]), n);
    }

    /**
     * Adds to the row, making it when there is none. Two transactions that make the same row at once: the second
     * insert waits for the first, then fails as a duplicate, and adding to the row made by the first succeeds.
     */
    private static void add(Connection connection, String table, String dayColumn, String status, String profile,
            LocalDate day, long n) throws SQLException {
        String key = " WHERE status = ? AND profile = ? AND " + dayColumn + " = ? AND slot = ?";
        int slot = (int) (Thread.currentThread().getId() % SLOTS);
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + table + " SET certificates = certificates + ?" + key)) {
                update.setLong(1, n);
                update.setString(2, status);
                update.setString(3, profile);
                update.setObject(4, day);
                update.setInt(5, slot);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (status, profile, " + dayColumn + ", slot, certificates)"
                            + " VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, status);
                insert.setString(2, profile);
                insert.setObject(3, day);
                insert.setInt(4, slot);
                insert.setLong(5, n);
                insert.executeUpdate();
                return;
            } catch (SQLException e) {
                // 23505: unique violation, made meanwhile by another transaction
                if (!"23505".equals(e.getSQLState()) || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private static LocalDate day(Object time) {
        return ((OffsetDateTime) time).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static int column(Map<String, Integer> columns, String name) throws SQLException {
        Integer index = columns.get(name);
        if (index == null) {
            throw new SQLException("certificate has no column " + name);
        }
        return index;
    }
}
