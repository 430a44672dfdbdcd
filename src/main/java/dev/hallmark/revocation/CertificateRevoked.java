package dev.hallmark.revocation;

import dev.hallmark.signing.IssuerId;
import java.time.Instant;

/** Published after a revocation commits, for the OCSP cache and the CRL publisher. */
public record CertificateRevoked(String serial, IssuerId issuer, Instant revokedAt, RevocationReason reason) {
}
