package dev.hallmark.signing;

import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Key identifiers: SHA-1 of the subject public key (RFC 5280 section 4.2.1.2, method 1), as openssl does. */
final class Extensions {

    private static final JcaX509ExtensionUtils UTILS;

    static {
        try {
            UTILS = new JcaX509ExtensionUtils();
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Extensions() {
    }

    static SubjectKeyIdentifier subjectKeyIdentifier(SubjectPublicKeyInfo key) {
        return UTILS.createSubjectKeyIdentifier(key);
    }

    static AuthorityKeyIdentifier authorityKeyIdentifier(byte[] issuerSubjectKeyIdentifier) {
        return new AuthorityKeyIdentifier(issuerSubjectKeyIdentifier);
    }
}
