package dev.hallmark.revocation;

import java.time.Instant;

/** Published after a revocation commits, for the OCSP cache and the CRL publisher. */
public record CertificateRevoked(String serial, String issuer, Instant revokedAt, RevocationReason reason) {
}
