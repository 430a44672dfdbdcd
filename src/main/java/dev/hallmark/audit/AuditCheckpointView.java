package dev.hallmark.audit;

import dev.hallmark.storage.AuditCheckpointRecords.CheckpointRow;
import java.time.Instant;

/**
 * A signed audit checkpoint: event {@code sequence} of the trail had the hash {@code headHash} at
 * {@code createdAt}; {@code checkpointPem} is the CMS SignedData (PEM) that says so, for
 * {@code verify-audit --checkpoint} and {@code openssl cms -verify}.
 */
public record AuditCheckpointView(long id, long sequence, String headHash, Instant createdAt, String createdBy,
        String checkpointPem) {

    static AuditCheckpointView of(CheckpointRow row) {
        return new AuditCheckpointView(row.id(), row.sequence(), row.headHash(), row.createdAt(), row.createdBy(),
                SignedCheckpoint.pem(row.signedData()));
    }
}
