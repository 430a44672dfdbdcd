package dev.hallmark.revocation;

import java.time.Duration;

/**
 * How the OCSP responder answers.
 *
 * @param validity nextUpdate minus thisUpdate of each answer
 * @param refreshAfter a cached, pre-signed answer is re-signed once it is this old
 * @param maxRequestEntries more CertIDs than this in one request is refused as malformedRequest
 * @param cacheSize how many serials keep a pre-signed answer
 */
public record OcspSettings(Duration validity, Duration refreshAfter, int maxRequestEntries, int cacheSize) {
}
