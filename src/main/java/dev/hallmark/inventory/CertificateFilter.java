package dev.hallmark.inventory;

import java.time.Instant;

/**
 * Search criteria; null fields do not filter.
 *
 * @param status {@code valid}, {@code revoked} or {@code expired}
 * @param text found in the subject or the SANs, case-insensitive
 */
public record CertificateFilter(String status, String profile, String text, Instant expiresBefore, Instant expiresAfter) {
}
