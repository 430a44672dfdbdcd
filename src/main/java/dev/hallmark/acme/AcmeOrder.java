package dev.hallmark.acme;

import java.time.Instant;
import java.util.List;

/**
 * An order (RFC 8555 section 7.1.3) as the front end shows it.
 *
 * @param profile the Hallmark profile its certificate is issued under (also its ACME profile name)
 * @param error why it is invalid, or null
 * @param certificateSerial the certificate once valid, or null
 */
public record AcmeOrder(String id, String accountId, String status, Instant expires, List<OrderIdentifier> identifiers,
        List<String> authorizationIds, String profile, boolean profileRequested, String replaces, AcmeError error,
        String certificateSerial) {

    public static final String PENDING = "pending";
    public static final String READY = "ready";
    public static final String PROCESSING = "processing";
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";

    public AcmeOrder {
        identifiers = List.copyOf(identifiers);
        authorizationIds = List.copyOf(authorizationIds);
    }
}
