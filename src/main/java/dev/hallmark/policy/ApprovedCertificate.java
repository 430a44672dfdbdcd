package dev.hallmark.policy;

import dev.hallmark.profile.CertificateProfile;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What policy allows to be signed: every value chosen by the CA from the profile, or copied from
 * the CSR only after it was checked.
 *
 * @param sanText the SANs as text ({@code DNS:host}, {@code IP:10.0.0.1}) for the store and search
 */
public record ApprovedCertificate(
        CertificateProfile profile,
        X500Name subject,
        SubjectPublicKeyInfo publicKey,
        GeneralNames subjectAltNames,
        List<String> sanText,
        int keyUsage,
        List<KeyPurposeId> extendedKeyUsages,
        Instant notBefore,
        Instant notAfter) {

    /** How {@code sanText} is joined for the store, which search and listing read back. */
    public static final String SAN_TEXT_SEPARATOR = ", ";

    public ApprovedCertificate {
        sanText = List.copyOf(sanText);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }
}
