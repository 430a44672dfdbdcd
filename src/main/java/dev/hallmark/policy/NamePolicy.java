package dev.hallmark.policy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.HostNames;
import dev.hallmark.profile.SanType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** Subject and subject alternative names: allowed attributes and SAN types, syntax, patterns and bounds. */
final class NamePolicy {

    private NamePolicy() {
    }

    static void checkSubject(X500Name subject, CertificateProfile profile, RequestBounds bounds) {
        String commonName = null;
        for (RDN rdn : subject.getRDNs()) {
            if (rdn.isMultiValued()) {
                throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT, "multi-valued RDNs are not accepted in the subject");
            }
            AttributeTypeAndValue atv = typeAndValue(rdn);
            String shortName = shortName(atv);
            if (!profile.subjectAttributes().contains(shortName)) {
                throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT, "subject attribute " + shortName
                        + " is not allowed by profile '" + profile.name() + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(profile.subjectAttributes())) + ")");
            }
            String value = stringValue(atv, shortName);
            if (value.isBlank()) {
                throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT, "subject attribute " + shortName + " is empty");
            }
            Limits.checkAttribute(atv.getType(), shortName, value);
            if (shortName.equals("CN")) {
                if (commonName != null) {
                    throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT, "the subject has more than one CN");
                }
                commonName = value;
            }
        }
        // each attribute within its bound can still add up to more than the store keeps
        Limits.checkSubjectText(subject.toString());
        if (profile.requireCommonName() && commonName == null) {
            throw new PolicyViolationException(Violation.MISSING_NAME, "profile '" + profile.name()
                    + "' requires a subject common name (CN)");
        }
        if (bounds != null && bounds.commonName() != null && commonName == null) {
            // said "common name 'null' is not the one ..." before
            throw new PolicyViolationException(Violation.OUT_OF_BOUNDS, "the subject has no common name; this credential "
                    + "allows only '" + bounds.commonName() + "'");
        }
        if (bounds != null && bounds.commonName() != null && !HostNames.matches(bounds.commonName(), commonName)) {
            throw new PolicyViolationException(Violation.OUT_OF_BOUNDS, "common name '" + commonName
                    + "' is not the one this credential allows ('" + bounds.commonName() + "')");
        }
        if (bounds != null && bounds.exact() && bounds.commonName() == null && commonName != null
                && bounds.sanPatterns().stream().noneMatch(commonName::equalsIgnoreCase)) {
            throw new PolicyViolationException(Violation.OUT_OF_BOUNDS, "common name '" + commonName
                    + "' is not one of the names this credential allows (" + String.join(", ", bounds.sanPatterns())
                    + ")");
        }
    }

    /** Every attribute of the subject, multi-valued RDNs too, as a readable string. */
    static void checkReadable(X500Name subject) {
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : typesAndValues(rdn)) {
                stringValue(atv, shortName(atv));
            }
        }
    }

    private static AttributeTypeAndValue typeAndValue(RDN rdn) {
        AttributeTypeAndValue[] attributes = typesAndValues(rdn);
        if (attributes.length == 0) {
            throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT, "the subject has an empty RDN");
        }
        return attributes[0];
    }

    /** Bouncy Castle decodes an RDN's parts only when asked, and throws then on a part that is not one. */
    private static AttributeTypeAndValue[] typesAndValues(RDN rdn) {
        try {
            return rdn.getTypesAndValues();
        } catch (IllegalArgumentException e) {
            throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT,
                    "the subject is not an X.500 name: an attribute is not a type and a value");
        }
    }

    /**
     * The value as the string it must be. IETFUtils.valueToString escaped a leading space as "\ ", so a
     * blank attribute passed as not blank, and a CN that is not a string at all failed a cast with a
     * ClassCastException instead of a refusal; Bouncy Castle decodes a UTF8String only when asked, and
     * throws then on bytes that are not UTF-8.
     */
    private static String stringValue(AttributeTypeAndValue atv, String shortName) {
        if (!(atv.getValue() instanceof ASN1String string)) {
            throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT, "subject attribute " + shortName
                    + " is not a string");
        }
        if (string instanceof ASN1UTF8String utf8) {
            return decodeUtf8(utf8, shortName);
        }
        return string.getString();
    }

    private static String decodeUtf8(ASN1UTF8String string, String shortName) {
        try {
            byte[] der = string.getEncoded(ASN1Encoding.DER);
            int header = 2 + ((der[1] & 0x80) == 0 ? 0 : der[1] & 0x7f);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(der, header, der.length - header)).toString();
        } catch (IOException e) {
            throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT, "subject attribute " + shortName
                    + " is not valid UTF-8");
        }
    }

    private static String shortName(AttributeTypeAndValue atv) {
        String name = BCStyle.INSTANCE.oidToDisplayName(atv.getType());
        return name == null ? atv.getType().getId() : name.equals("E") ? "emailAddress" : name;
    }

    /**
     * One DNS name or IP address that a front end will ask to be certified later (an ACME identifier), by the
     * profile's rules for SANs: type allowed, syntax, wildcards, name patterns, length.
     */
    static void checkName(CertificateProfile profile, SanType type, String value) {
        if (type == SanType.DNS) {
            Limits.checkDnsName("DNS name", value);
        }
        if (!profile.allowsSan(type)) {
            throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "SAN type " + type + " (" + value
                    + ") is not allowed by profile '" + profile.name() + "'");
        }
        if (type == SanType.DNS) {
            if (!HostNames.isValid(value, profile.allowWildcards())) {
                throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "DNS name '" + Limits.quote(value)
                        + "' is not a valid host name" + (value.startsWith("*") ? " or wildcards are not allowed" : ""));
            }
            requirePattern(profile, value, value);
        }
    }

    /** @return the SANs as text, in order, for storage and search */
    static List<String> checkSans(GeneralNames sans, CertificateProfile profile, RequestBounds bounds) {
        List<String> text = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        boolean hostName = false;
        GeneralName[] names = sans == null ? new GeneralName[0] : sans.getNames();
        Limits.checkSanCount("the CSR asks for", names.length);
        for (GeneralName name : names) {
            SanType type = typeOf(name);
            String value = valueOf(name, type);
            switch (type) {
                case DNS -> Limits.checkDnsName("DNS name", value);
                case EMAIL -> Limits.checkEmail("e-mail address", value);
                case URI -> Limits.checkUri("URI", value);
                default -> {
                }
            }
            if (!profile.allowsSan(type)) {
                throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "SAN type " + type + " (" + value
                        + ") is not allowed by profile '" + profile.name() + "'");
            }
            switch (type) {
                case DNS -> {
                    if (!HostNames.isValid(value, profile.allowWildcards())) {
                        throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "DNS name '" + value
                                + "' is not a valid host name" + (value.startsWith("*") ? " or wildcards are not allowed" : ""));
                    }
                    requirePattern(profile, value, value);
                    hostName = true;
                }
                case EMAIL -> {
                    int at = value.lastIndexOf('@');
                    if (at <= 0 || !HostNames.isValid(value.substring(at + 1), false)) {
                        throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "e-mail address '" + value + "' is not valid");
                    }
                    requirePattern(profile, value.substring(at + 1), value);
                }
                case IP -> hostName = true;
                case URI -> {
                    try {
                        if (URI.create(value).getScheme() == null) {
                            throw new IllegalArgumentException();
                        }
                    } catch (IllegalArgumentException e) {
                        throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "URI '" + value + "' is not an absolute URI");
                    }
                }
                default -> {
                }
            }
            if (bounds != null && bounds.sanPatterns().stream().noneMatch(p -> bounds.exact()
                    ? p.equalsIgnoreCase(value) : HostNames.matches(p, value))) {
                throw new PolicyViolationException(Violation.OUT_OF_BOUNDS, "SAN " + type + ":" + value
                        + " is not among the names this credential allows");
            }
            if (seen.add(type + ":" + value.toLowerCase(java.util.Locale.ROOT))) {
                text.add(type + ":" + value);
            }
        }
        Limits.checkSanText("the CSR's subjectAltNames", text, ApprovedCertificate.SAN_TEXT_SEPARATOR);
        if (bounds != null && bounds.exact()) {
            Set<String> asked = new LinkedHashSet<>();
            seen.forEach(s -> asked.add(s.substring(s.indexOf(':') + 1)));
            List<String> missing = bounds.sanPatterns().stream()
                    .filter(p -> !asked.contains(p.toLowerCase(java.util.Locale.ROOT))).toList();
            if (!missing.isEmpty()) {
                throw new PolicyViolationException(Violation.OUT_OF_BOUNDS, "the CSR leaves out " + missing
                        + ": this credential is for exactly " + bounds.sanPatterns());
            }
        }
        if (profile.requireHostName() && !hostName) {
            throw new PolicyViolationException(Violation.MISSING_NAME, "profile '" + profile.name()
                    + "' requires at least one DNS or IP subjectAltName (openssl: -addext \"subjectAltName=DNS:host.example\")");
        }
        return text;
    }

    private static void requirePattern(CertificateProfile profile, String domain, String value) {
        if (profile.namePatterns().stream().noneMatch(p -> HostNames.matches(p, domain))) {
            throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "name '" + value + "' is outside the names profile '"
                    + profile.name() + "' allows (" + String.join(", ", profile.namePatterns()) + ")");
        }
    }

    private static SanType typeOf(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> SanType.DNS;
            case GeneralName.iPAddress -> SanType.IP;
            case GeneralName.rfc822Name -> SanType.EMAIL;
            case GeneralName.uniformResourceIdentifier -> SanType.URI;
            default -> throw new PolicyViolationException(Violation.FORBIDDEN_NAME,
                    "SAN of type " + tagName(name.getTagNo()) + " is not supported; use DNS, IP, email or URI");
        };
    }

    private static String valueOf(GeneralName name, SanType type) {
        if (type == SanType.IP) {
            byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
            if (octets.length != 4 && octets.length != 16) {
                throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "IP address SAN of " + octets.length + " octets");
            }
            try {
                return InetAddress.getByAddress(octets).getHostAddress();
            } catch (UnknownHostException e) {
                throw new PolicyViolationException(Violation.FORBIDDEN_NAME, "IP address SAN cannot be read");
            }
        }
        return ((ASN1String) name.getName()).getString();
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case GeneralName.otherName -> "otherName";
            case GeneralName.directoryName -> "directoryName";
            case GeneralName.registeredID -> "registeredID";
            case GeneralName.x400Address -> "x400Address";
            case GeneralName.ediPartyName -> "ediPartyName";
            default -> String.valueOf(tag);
        };
    }
}
