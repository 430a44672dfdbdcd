package dev.hallmark.storage;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Administrators. "Active" means that the administrator's certificate is valid at the given
 * instant: recorded as VALID (not revoked) and not yet expired.
 */
public interface AdministratorRepository extends JpaRepository<Administrator, Long> {

    Optional<Administrator> findByCertificateSerial(String serial);

    /**
     * Locks every administrator row of the role until the transaction ends ({@code SELECT ... FOR
     * UPDATE}, on H2 and PostgreSQL), so that transactions which check and change the set of active
     * administrators of that role take their turns: the second sees what the first committed.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Administrator a where a.role = :role order by a.id")
    List<Administrator> lockAllWithRole(@Param("role") String role);

    /** Locks every administrator row until the transaction ends; see {@link #lockAllWithRole}. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Administrator a order by a.id")
    List<Administrator> lockAll();

    @Query("select a from Administrator a, CertificateRecord c where c.serial = a.certificateSerial"
            + " and c.status = dev.hallmark.storage.CertificateStatus.VALID and c.notAfter > :now and a.name = :name")
    List<Administrator> findActiveByName(@Param("name") String name, @Param("now") Instant now);

    @Query("select count(a) from Administrator a, CertificateRecord c where c.serial = a.certificateSerial"
            + " and c.status = dev.hallmark.storage.CertificateStatus.VALID and c.notAfter > :now and a.role = :role"
            + " and a.certificateSerial <> :serial")
    long countActiveWithRoleExcept(@Param("role") String role, @Param("serial") String serial,
            @Param("now") Instant now);
}
