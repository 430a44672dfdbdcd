package dev.hallmark.enrollment;

import dev.hallmark.issuance.IssuedCertificate;

/**
 * A certificate with the key the server generated for it (EST serverkeygen, RFC 7030 section 4.4).
 * The key is handed out once and never stored or logged.
 *
 * @param privateKeyPkcs8 unencrypted PKCS#8 PrivateKeyInfo, DER
 */
public record ServerGeneratedCertificate(IssuedCertificate certificate, byte[] privateKeyPkcs8) {

    @Override
    public String toString() {
        return "ServerGeneratedCertificate[" + certificate.serial() + ", key=****]";
    }
}
