package dev.hallmark.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * How the database names a CA: Boulder's issuer NameID ({@code issuance.NameID}), the first 7
 * bytes of the SHA-1 of the CA's subject name as DER, read as a big-endian number (so it is
 * positive and fits a {@code BIGINT}). A certificate's issuer name gives its CA's id, so the id
 * follows from the certificate alone, and a second issuing CA (a rollover) is new rows, not a new
 * schema. SHA-1 because OCSP requests hash issuer names with it; the id is a key, not a security
 * boundary (a second CA with the same subject would be a second row with the same id, refused).
 */
public record IssuerNameId(long value) {

    private static final int BYTES = 7;

    /** The id of the CA whose certificate this is. */
    public static IssuerNameId ofSubject(X509CertificateHolder ca) {
        return of(ca.getSubject());
    }

    /** The id of the CA that issued this certificate. */
    public static IssuerNameId ofIssuer(X509CertificateHolder certificate) {
        return of(certificate.getIssuer());
    }

    public static IssuerNameId of(X500Name name) {
        try {
            return ofDer(name.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Of the name's DER: a certificate is DER, so encoding its parsed name gives back its bytes. */
    static IssuerNameId ofDer(byte[] nameDer) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-1").digest(nameDer);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        long value = 0;
        for (int i = 0; i < BYTES; i++) {
            value = value << 8 | (hash[i] & 0xff);
        }
        return new IssuerNameId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
