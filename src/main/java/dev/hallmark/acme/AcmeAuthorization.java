package dev.hallmark.acme;

import java.time.Instant;
import java.util.List;

/** An authorization (RFC 8555 section 7.1.4) with its challenges. */
public record AcmeAuthorization(String id, String accountId, OrderIdentifier identifier, String status,
        Instant expires, List<AcmeChallenge> challenges) {

    public static final String PENDING = "pending";
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String DEACTIVATED = "deactivated";
    public static final String EXPIRED = "expired";

    public AcmeAuthorization {
        challenges = List.copyOf(challenges);
    }
}
