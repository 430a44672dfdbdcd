package dev.hallmark.issuance;

import java.time.Instant;
import java.util.List;

/**
 * What {@link IssuanceService#issue} would sign for a request, as the same checks decided it, before anything is
 * reserved, signed or stored: for a person to read and confirm first. The real issuance decides again; its
 * validity starts when it signs.
 *
 * @param subject the subject as it will be written (RFC 4514 order of the CSR)
 * @param subjectAltNames as stored and searched ({@code DNS:host}, {@code IP:10.0.0.1})
 * @param publicKey the key's algorithm and size or curve
 */
public record IssuancePreview(String profile, String subject, List<String> subjectAltNames, String publicKey,
        List<String> keyUsage, List<String> extendedKeyUsage, Instant notBefore, Instant notAfter) {

    public IssuancePreview {
        subjectAltNames = List.copyOf(subjectAltNames);
        keyUsage = List.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
    }
}
