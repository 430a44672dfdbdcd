package dev.hallmark.revocation;

import java.time.Instant;

/**
 * An OCSPResponse (DER) and, for a cacheable success, its validity: a GET answer may then carry
 * {@code Cache-Control: max-age} up to nextUpdate (RFC 5019 section 6).
 *
 * @param thisUpdate null for error responses and responses with a nonce, which must not be cached
 */
public record OcspAnswer(byte[] body, Instant thisUpdate, Instant nextUpdate, String etag) {

    public boolean cacheable() {
        return thisUpdate != null;
    }
}
