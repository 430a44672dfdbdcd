package dev.hallmark.signing;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Everything the CA will write into a certificate, decided by policy before anything is signed.
 * Nothing here comes from the CSR unless policy copied it after checking it.
 *
 * @param keyUsage Bouncy Castle {@code KeyUsage} bits
 * @param pathLength for CA certificates, the path length constraint, or null for none
 */
public record CertificateTemplate(
        IssuerId issuer,
        BigInteger serial,
        X500Name subject,
        SubjectPublicKeyInfo publicKey,
        Instant notBefore,
        Instant notAfter,
        GeneralNames subjectAltNames,
        int keyUsage,
        List<KeyPurposeId> extendedKeyUsages,
        boolean ca,
        Integer pathLength,
        boolean ocspNoCheck) {

    public CertificateTemplate {
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }

    public static CertificateTemplate endEntity(IssuerId issuer, BigInteger serial, X500Name subject,
            SubjectPublicKeyInfo publicKey, Instant notBefore, Instant notAfter, GeneralNames sans, int keyUsage,
            List<KeyPurposeId> extendedKeyUsages) {
        return new CertificateTemplate(issuer, serial, subject, publicKey, notBefore, notAfter, sans, keyUsage,
                extendedKeyUsages, false, null, false);
    }
}
