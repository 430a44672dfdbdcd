package dev.hallmark.acme;

import java.time.Instant;
import java.util.List;

/** An ACME account as administrators list it ({@code GET /api/v1/acme/accounts}). */
public record AcmeAccountSummary(String id, String status, List<String> contact, String eabKeyId, Instant createdAt) {
}
