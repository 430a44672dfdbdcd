package dev.hallmark.storage;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface EnrollmentTokenRepository extends JpaRepository<EnrollmentToken, String> {

    List<EnrollmentToken> findAllByOrderByCreatedAtDesc();

    /**
     * Spends an unused, unexpired token: 1 when this call spent it, 0 when it was already used,
     * revoked or expired. The row lock makes concurrent spends of one token queue behind each
     * other, and every one after the first sees it used.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update EnrollmentToken t set t.state = 'USED', t.usedAt = :now"
            + " where t.id = :id and t.state = 'UNUSED' and t.expiresAt > :now")
    int spend(@Param("id") String id, @Param("now") Instant now);

    @Modifying
    @Query("update EnrollmentToken t set t.certificateSerial = :serial where t.id = :id")
    int recordCertificate(@Param("id") String id, @Param("serial") String serial);
}
