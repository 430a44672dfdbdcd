package dev.hallmark.issuance;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A certificate the service issues to itself for an internal purpose (the OCSP responder). These
 * never come from a CSR or a REST profile, so no outside caller can ask for, say, OCSPSigning.
 *
 * @param profile the name recorded with the certificate, for example {@code ocsp-responder}
 * @param keyUsage Bouncy Castle {@code KeyUsage} bits
 * @param ocspNoCheck adds id-pkix-ocsp-nocheck (RFC 6960 section 4.2.2.2.1)
 */
public record ServiceCertificateRequest(String profile, X500Name subject, SubjectPublicKeyInfo publicKey,
        Duration validity, int keyUsage, List<KeyPurposeId> extendedKeyUsages, boolean ocspNoCheck) {

    public ServiceCertificateRequest {
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }
}
