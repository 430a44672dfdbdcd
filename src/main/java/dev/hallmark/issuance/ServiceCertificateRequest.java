package dev.hallmark.issuance;

import java.time.Duration;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A certificate the service issues to itself (its TLS certificate, the OCSP responder's). These
 * never come from a CSR or a configured profile, so no outside caller can ask for, say, OCSPSigning.
 *
 * @param subjectAltNames the names, or null for none
 * @param validity the wanted lifetime, within the profile's hard limit; shortened to the issuing
 *        CA's end when that comes first
 */
public record ServiceCertificateRequest(ServiceProfile profile, X500Name subject, SubjectPublicKeyInfo publicKey,
        GeneralNames subjectAltNames, Duration validity) {

    public ServiceCertificateRequest {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(profile.maxValidity()) > 0) {
            throw new IllegalArgumentException("a " + profile.recordedName() + " certificate is valid for 1 second to "
                    + profile.maxValidity().toDays() + " days, not " + validity);
        }
    }
}
