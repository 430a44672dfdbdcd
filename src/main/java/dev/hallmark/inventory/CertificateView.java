package dev.hallmark.inventory;

import java.time.Instant;
import java.util.List;

/**
 * A stored certificate as the API shows it.
 *
 * @param status {@code valid}, {@code revoked} or {@code expired}
 */
public record CertificateView(String serial, String subject, String commonName, List<String> sans, String issuer,
        String profile, String requester, Instant notBefore, Instant notAfter, String status, Instant revokedAt,
        String revocationReason, String fingerprintSha256, Instant createdAt) {
}
