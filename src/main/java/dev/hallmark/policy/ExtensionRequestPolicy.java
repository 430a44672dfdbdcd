package dev.hallmark.policy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ExtendedKeyUsageName;
import dev.hallmark.profile.KeyUsageFlag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
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

    /** The extensions whose values policy reads, each by its RFC 5280 name and how to read it (null when empty). */
    private static final Map<ASN1ObjectIdentifier, Reader> READ = Map.of(
            // GeneralNames and ExtKeyUsageSyntax are SIZE (1..MAX): an empty SEQUENCE is no value either
            Extension.subjectAlternativeName, new Reader("subjectAltName", v -> {
                GeneralNames names = GeneralNames.getInstance(v);
                return names.getNames().length == 0 ? null : names;
            }),
            Extension.basicConstraints, new Reader("basicConstraints", BasicConstraints::getInstance),
            Extension.keyUsage, new Reader("keyUsage", KeyUsage::getInstance),
            Extension.extendedKeyUsage, new Reader("extendedKeyUsage", v -> {
                ExtendedKeyUsage usage = ExtendedKeyUsage.getInstance(v);
                return usage.size() == 0 ? null : usage;
            }));

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
        Extensions extensions;
        try {
            extensions = Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
        } catch (RuntimeException e) {
            throw new PolicyViolationException(Violation.MALFORMED_CSR, "the CSR's extensionRequest cannot be parsed");
        }
        // read every value that policy looks into now, so that none fails later outside a refusal
        for (ASN1ObjectIdentifier oid : READ.keySet()) {
            value(extensions, oid);
        }
        return extensions;
    }

    /**
     * The requested subjectAltName, read as {@link #requested} checked it.
     *
     * @return the names, or null when the CSR asks for none
     */
    static GeneralNames subjectAltNames(Extensions requested) {
        return requested == null ? null : (GeneralNames) value(requested, Extension.subjectAlternativeName);
    }

    /**
     * One requested extension's value as its own type. Bouncy Castle's readers take an empty value for an
     * absent one and throw an unchecked exception on a value of another ASN.1 type; both are a CSR
     * that cannot be read, said here by the extension's name.
     */
    private static Object value(Extensions requested, ASN1ObjectIdentifier oid) {
        Extension extension = requested.getExtension(oid);
        if (extension == null) {
            return null;
        }
        Object value;
        try {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(extension.getExtnValue().getOctets());
            value = parsed == null ? null : READ.get(oid).reader().apply(parsed);
        } catch (IOException | RuntimeException e) {
            value = null;
        }
        if (value == null) {
            throw new PolicyViolationException(Violation.MALFORMED_CSR, "the CSR asks for " + READ.get(oid).name()
                    + " with a value that is not one (empty or of another ASN.1 type)");
        }
        return value;
    }

    static void check(Extensions requested, CertificateProfile profile, Set<KeyUsageFlag> allowedUsage) {
        if (requested == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : requested.getExtensionOIDs()) {
            if (oid.equals(Extension.basicConstraints)) {
                if (((BasicConstraints) value(requested, oid)).isCA()) {
                    throw new PolicyViolationException(Violation.CA_REQUESTED, "the CSR asks for basicConstraints cA=true; "
                            + "profile '" + profile.name() + "' issues end-entity certificates only");
                }
            } else if (oid.equals(Extension.keyUsage)) {
                checkKeyUsage((KeyUsage) value(requested, oid), profile, allowedUsage);
            } else if (oid.equals(Extension.extendedKeyUsage)) {
                checkExtendedKeyUsage((ExtendedKeyUsage) value(requested, oid), profile);
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

    /** How to read one extension's value, and its name in messages. */
    private record Reader(String name, Function<ASN1Primitive, Object> reader) {
    }
}
