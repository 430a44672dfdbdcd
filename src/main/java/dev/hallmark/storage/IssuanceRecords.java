package dev.hallmark.storage;

import java.time.Instant;
import javax.sql.DataSource;
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
    public record Reservation(String serial, String issuer, String subject, String commonName, String sans,
            String profile, String requester, Instant notBefore, Instant notAfter, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    public IssuanceRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Fails with a {@code DuplicateKeyException} when the serial is taken. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reserve(Reservation r) {
        jdbc.sql("INSERT INTO certificate (serial, issuer, subject, common_name, sans, profile, requester, not_before,"
                        + " not_after, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.serial(), r.issuer(), r.subject(), r.commonName(), r.sans(), r.profile(), r.requester(),
                        SqlTimes.utc(r.notBefore()), SqlTimes.utc(r.notAfter()), CertificateStatus.PENDING.name(), SqlTimes.utc(r.createdAt()))
                .update();
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
