package dev.hallmark.acme;

import java.time.Instant;

/** A challenge (RFC 8555 section 7.1.5, section 8). */
public record AcmeChallenge(String id, String authorizationId, String type, String token, String status,
        Instant validated, AcmeError error) {

    public static final String HTTP_01 = "http-01";
    public static final String DNS_01 = "dns-01";
    public static final String TLS_ALPN_01 = "tls-alpn-01";

    public static final String PENDING = "pending";
    public static final String PROCESSING = "processing";
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
}
