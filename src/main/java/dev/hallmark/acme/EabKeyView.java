package dev.hallmark.acme;

import java.time.Instant;
import java.util.List;

/**
 * An EAB key as administrators see it; the HMAC key itself only once, in {@link ExternalAccountKeys.Created}.
 *
 * @param accountId the account the key bound, or null
 * @param revokedAt when an administrator revoked the key before it bound an account, or null
 */
public record EabKeyView(String keyId, String name, List<String> profiles, List<String> namePatterns,
        EabKeyState state, Instant createdAt, String createdBy, Instant expiresAt, String accountId, Instant revokedAt,
        String revokedBy) {
}
