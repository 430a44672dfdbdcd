package dev.hallmark.inventory;

import java.util.List;

/**
 * A stored certificate decoded for a person: what the store says ({@link #view}) beside what the DER says, each
 * value written the way {@code openssl x509 -text} writes it where openssl has a form for it, so that the two can be
 * compared by eye.
 *
 * @param subject the subject in RFC 2253 form ({@code openssl x509 -noout -subject -nameopt RFC2253})
 * @param serialHex the serial as {@code openssl x509 -noout -serial} prints it (upper-case hex)
 * @param serialText the serial as {@code openssl x509 -text} prints it (colon-separated bytes, or decimal with hex
 *     for a serial that fits 63 bits)
 * @param subjectAltNames the SANs as openssl's text prints them ({@code DNS:a.example, IP Address:10.0.0.5})
 * @param publicKey the key's algorithm and size or curve ({@code EC P-256}, {@code RSA 2048 bit})
 * @param sha256Fingerprint {@code openssl x509 -noout -fingerprint -sha256}'s value (upper-case, colons)
 * @param protocol how the certificate was requested, as its requester tells it
 */
public record CertificateDetails(CertificateView view, String subject, String issuer, String serialHex,
        String serialText, int version, String signatureAlgorithm, String publicKey, List<String> subjectAltNames,
        List<Extension> extensions, String sha256Fingerprint, String sha1Fingerprint, String protocol) {

    /** One extension: its name (or OID when unknown), whether critical, and its value as lines of text. */
    public record Extension(String name, String oid, boolean critical, List<String> values) {
    }
}
