package dev.hallmark.revocation;

import java.math.BigInteger;
import java.time.Instant;

/** Published when a CA's new CRL has been signed and is the one served. */
public record CrlSigned(String issuer, BigInteger number, Instant thisUpdate, Instant nextUpdate) {
}
