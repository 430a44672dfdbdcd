package dev.hallmark.issuance;

import java.time.Instant;
import java.util.List;

/**
 * A certificate that is signed and committed to the store.
 *
 * @param certificatePem the leaf alone
 * @param chainPem the leaf then the issuing CA
 */
public record IssuedCertificate(String serial, String subject, List<String> sans, String profile, Instant notBefore,
        Instant notAfter, String fingerprint, byte[] der, String certificatePem, String chainPem) {
}
