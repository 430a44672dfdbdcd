package dev.hallmark.storage;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

public interface CertificateRepository extends JpaRepository<CertificateRecord, Long>,
        JpaSpecificationExecutor<CertificateRecord> {

    Optional<CertificateRecord> findBySerial(String serial);

    boolean existsBySerial(String serial);
}
