package dev.hallmark.storage;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The issuance path's writes, in plain SQL: the row that reserves a serial before anything is
 * signed (Boulder's "record of intent"), then its completion with the signed certificate. Two
 * statements in the caller's transaction, without an entity to build, track and dirty-check.
 */
@Repository
public class IssuanceRecords {

    /** What is known of a certificate before it is signed. */
    public record Reservation(String serial, long issuerId, String subject, String commonName, String sans,
            String profile, String requester, Instant notBefore, Instant notAfter, Instant createdAt) {
    }

    /** The unique constraint on the serial (V1__core.sql). */
    static final String SERIAL_CONSTRAINT = "uk_certificate_serial";
    /** SQLSTATE unique_violation (SQL standard class 23, PostgreSQL and H2 alike). */
    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcClient jdbc;

    public IssuanceRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * @throws SerialTakenException when the serial is in the store already
     * @throws org.springframework.dao.DataIntegrityViolationException for any other constraint (a value
     *         longer than its column, a missing one): a bug, since policy bounds what reaches here
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reserve(Reservation r) {
        try {
            jdbc.sql("INSERT INTO certificate (serial, issuer_id, subject, common_name, sans, profile, requester, not_before,"
                            + " not_after, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(r.serial(), r.issuerId(), r.subject(), r.commonName(), r.sans(), r.profile(), r.requester(),
                            SqlTimes.utc(r.notBefore()), SqlTimes.utc(r.notAfter()), CertificateStatus.PENDING.name(),
                            SqlTimes.utc(r.createdAt()))
                    .update();
        } catch (DuplicateKeyException e) {
            if (violates(e, SERIAL_CONSTRAINT)) {
                throw new SerialTakenException(r.serial(), e);
            }
            throw e;
        }
    }

    /**
     * Whether a unique violation is of the named constraint. Both databases name it in the message:
     * PostgreSQL {@code violates unique constraint "uk_certificate_serial"}, H2 {@code Unique index or
     * primary key violation: "PUBLIC.UK_CERTIFICATE_SERIAL_INDEX_2 ON PUBLIC.CERTIFICATE(SERIAL ...)"}.
     */
    static boolean violates(DuplicateKeyException e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()) && sql.getMessage() != null
                    && sql.getMessage().toLowerCase(Locale.ROOT).contains(constraint)) {
                return true;
            }
        }
        return false;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(String serial, byte[] der, String fingerprint) {
        int updated = jdbc.sql("UPDATE certificate SET der = ?, fingerprint = ?, status = ? WHERE serial = ? AND status = ?")
                .params(der, fingerprint, CertificateStatus.VALID.name(), serial, CertificateStatus.PENDING.name())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("certificate " + serial + " is not reserved");
        }
    }
}
