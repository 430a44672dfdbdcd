package dev.hallmark.policy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ExtendedKeyUsageName;
import dev.hallmark.profile.KeyUsageFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The extensions a CSR asks for (its extensionRequest attribute, RFC 2985 section 5.4.2) must be
 * within the profile: a request for more is refused, naming what it asked for, never trimmed.
 * The certificate gets the profile's values, not the CSR's.
 */
final class ExtensionRequestPolicy {

    /** Extensions a CSR may carry whose content the CA decides itself or checks elsewhere. */
    private static final Set<ASN1ObjectIdentifier> HARMLESS = Set.of(
            Extension.subjectAlternativeName, Extension.subjectKeyIdentifier);

    /** Microsoft's extension request attribute (szOID_CERT_EXTENSIONS), same syntax as PKCS#9's. */
    static final ASN1ObjectIdentifier MS_EXT_REQ = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.14");

    private ExtensionRequestPolicy() {
    }

    /** @return the requested extensions, or null when the CSR asks for none */
    static Extensions requested(PKCS10CertificationRequest csr) {
        // Microsoft's certreq may carry the same request under its own attribute (msExtReq). It was
        // ignored, so a CSR asking there for cA=true or keyCertSign was silently trimmed, not refused.
        Attribute[] attributes = java.util.stream.Stream.of(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, MS_EXT_REQ)
                .flatMap(oid -> java.util.Arrays.stream(csr.getAttributes(oid))).toArray(Attribute[]::new);
        if (attributes.length == 0) {
            return null;
        }
        if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
            throw new PolicyViolationException(Violation.MALFORMED_CSR, "the CSR has more than one extensionRequest");
        }
        try {
            return Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
        } catch (RuntimeException e) {
            throw new PolicyViolationException(Violation.MALFORMED_CSR, "the CSR's extensionRequest cannot be parsed");
        }
    }

    static void check(Extensions requested, CertificateProfile profile, Set<KeyUsageFlag> allowedUsage) {
        if (requested == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : requested.getExtensionOIDs()) {
            if (oid.equals(Extension.basicConstraints)) {
                if (BasicConstraints.getInstance(requested.getExtensionParsedValue(oid)).isCA()) {
                    throw new PolicyViolationException(Violation.CA_REQUESTED, "the CSR asks for basicConstraints cA=true; "
                            + "profile '" + profile.name() + "' issues end-entity certificates only");
                }
            } else if (oid.equals(Extension.keyUsage)) {
                checkKeyUsage(KeyUsage.getInstance(requested.getExtensionParsedValue(oid)), profile, allowedUsage);
            } else if (oid.equals(Extension.extendedKeyUsage)) {
                checkExtendedKeyUsage(ExtendedKeyUsage.getInstance(requested.getExtensionParsedValue(oid)), profile);
            } else if (!HARMLESS.contains(oid)) {
                throw new PolicyViolationException(Violation.FORBIDDEN_EXTENSION, "the CSR asks for extension "
                        + oid.getId() + ", which profile '" + profile.name() + "' does not allow");
            }
        }
    }

    private static void checkKeyUsage(KeyUsage usage, CertificateProfile profile, Set<KeyUsageFlag> allowed) {
        List<String> refused = new ArrayList<>();
        for (KeyUsageFlag flag : KeyUsageFlag.values()) {
            if (usage.hasUsages(flag.bit()) && !allowed.contains(flag)) {
                refused.add(flag.name());
            }
        }
        if (refused.contains(KeyUsageFlag.keyCertSign.name())) {
            throw new PolicyViolationException(Violation.CA_REQUESTED, "the CSR asks for keyUsage keyCertSign; "
                    + "profile '" + profile.name() + "' issues end-entity certificates only");
        }
        if (!refused.isEmpty()) {
            throw new PolicyViolationException(Violation.FORBIDDEN_EXTENSION, "the CSR asks for keyUsage "
                    + String.join(", ", refused) + ", which profile '" + profile.name() + "' does not allow for this key");
        }
    }

    private static void checkExtendedKeyUsage(ExtendedKeyUsage eku, CertificateProfile profile) {
        for (KeyPurposeId purpose : eku.getUsages()) {
            ExtendedKeyUsageName name = ExtendedKeyUsageName.ofOid(purpose.getId());
            if (name == null || !profile.extendedKeyUsages().contains(name)) {
                throw new PolicyViolationException(Violation.FORBIDDEN_EXTENSION, "the CSR asks for extendedKeyUsage "
                        + (name == null ? purpose.getId() : name.name()) + ", which profile '" + profile.name()
                        + "' does not allow");
            }
        }
    }
}
