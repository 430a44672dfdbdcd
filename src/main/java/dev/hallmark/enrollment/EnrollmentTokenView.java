package dev.hallmark.enrollment;

import java.time.Instant;
import java.util.List;

/** An enrollment token without its secret, as listed. */
public record EnrollmentTokenView(String id, String profile, String commonName, List<String> sans, TokenState state,
        Instant createdAt, String createdBy, Instant expiresAt, Instant usedAt, String certificateSerial,
        Instant revokedAt) {
}
