package dev.hallmark.acme;

import java.time.Instant;
import java.util.List;

/** An EAB key as administrators see it; the HMAC key itself only once, in {@link ExternalAccountKeys.Created}. */
public record EabKeyView(String keyId, String name, List<String> profiles, List<String> namePatterns,
        Instant createdAt, String createdBy, Instant expiresAt, String accountId) {
}
