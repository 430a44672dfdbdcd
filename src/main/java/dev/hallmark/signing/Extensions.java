package dev.hallmark.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Key identifiers: SHA-1 of the subject public key (RFC 5280 section 4.2.1.2, method 1), as openssl does. */
final class Extensions {

    private Extensions() {
    }

    /**
     * SHA-1 over the subjectPublicKey BIT STRING's value, with a digest of its own per call. (A shared
     * {@code JcaX509ExtensionUtils} holds one {@code MessageDigest}, which is not thread-safe: concurrent
     * issuances failed with ArrayIndexOutOfBoundsException, or could have written a wrong identifier.)
     */
    static SubjectKeyIdentifier subjectKeyIdentifier(SubjectPublicKeyInfo key) {
        try {
            return new SubjectKeyIdentifier(MessageDigest.getInstance("SHA-1").digest(key.getPublicKeyData().getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    static AuthorityKeyIdentifier authorityKeyIdentifier(byte[] issuerSubjectKeyIdentifier) {
        return new AuthorityKeyIdentifier(issuerSubjectKeyIdentifier);
    }
}
