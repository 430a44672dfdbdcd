package dev.hallmark.inventory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;

/** Decodes a certificate's DER into {@link CertificateDetails}, in openssl's words where it has them. */
final class CertificateDecoder {

    private static final Map<ASN1ObjectIdentifier, String> EXTENSION_NAMES = Map.ofEntries(
            Map.entry(Extension.basicConstraints, "Basic Constraints"),
            Map.entry(Extension.keyUsage, "Key Usage"),
            Map.entry(Extension.extendedKeyUsage, "Extended Key Usage"),
            Map.entry(Extension.subjectAlternativeName, "Subject Alternative Name"),
            Map.entry(Extension.subjectKeyIdentifier, "Subject Key Identifier"),
            Map.entry(Extension.authorityKeyIdentifier, "Authority Key Identifier"),
            Map.entry(Extension.cRLDistributionPoints, "CRL Distribution Points"),
            Map.entry(Extension.freshestCRL, "Freshest CRL"),
            Map.entry(Extension.authorityInfoAccess, "Authority Information Access"),
            Map.entry(Extension.certificatePolicies, "Certificate Policies"),
            Map.entry(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.1.5"), "OCSP No Check"));

    /** openssl's names of the usages, in KeyUsage bit order. */
    private static final List<Map.Entry<Integer, String>> KEY_USAGES = List.of(
            Map.entry(KeyUsage.digitalSignature, "Digital Signature"),
            Map.entry(KeyUsage.nonRepudiation, "Non Repudiation"),
            Map.entry(KeyUsage.keyEncipherment, "Key Encipherment"),
            Map.entry(KeyUsage.dataEncipherment, "Data Encipherment"),
            Map.entry(KeyUsage.keyAgreement, "Key Agreement"),
            Map.entry(KeyUsage.keyCertSign, "Certificate Sign"),
            Map.entry(KeyUsage.cRLSign, "CRL Sign"),
            Map.entry(KeyUsage.encipherOnly, "Encipher Only"),
            Map.entry(KeyUsage.decipherOnly, "Decipher Only"));

    private static final Map<KeyPurposeId, String> PURPOSES = Map.of(
            KeyPurposeId.id_kp_serverAuth, "TLS Web Server Authentication",
            KeyPurposeId.id_kp_clientAuth, "TLS Web Client Authentication",
            KeyPurposeId.id_kp_codeSigning, "Code Signing",
            KeyPurposeId.id_kp_emailProtection, "E-mail Protection",
            KeyPurposeId.id_kp_timeStamping, "Time Stamping",
            KeyPurposeId.id_kp_OCSPSigning, "OCSP Signing");

    private static final HexFormat UPPER_COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    private CertificateDecoder() {
    }

    static CertificateDetails decode(CertificateView view, byte[] der) {
        try {
            X509Certificate jca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            X509CertificateHolder holder = new X509CertificateHolder(der);
            Extensions extensions = holder.getExtensions();
            List<CertificateDetails.Extension> decoded = new ArrayList<>();
            List<String> sans = List.of();
            if (extensions != null) {
                for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                    Extension e = extensions.getExtension(oid);
                    List<String> values = values(e);
                    if (oid.equals(Extension.subjectAlternativeName)) {
                        sans = values;
                    }
                    decoded.add(new CertificateDetails.Extension(EXTENSION_NAMES.getOrDefault(oid, oid.getId()),
                            oid.getId(), e.isCritical(), values));
                }
            }
            return new CertificateDetails(view, rfc4514(jca.getSubjectX500Principal()),
                    rfc4514(jca.getIssuerX500Principal()), view.serial(),
                    serialText(jca.getSerialNumber()), jca.getVersion(), jca.getSigAlgName(), key(jca.getPublicKey()),
                    sans, List.copyOf(decoded), fingerprint("SHA-256", der), fingerprint("SHA-1", der),
                    protocol(view.requester()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("stored certificate " + view.serial() + " cannot be decoded", e);
        }
    }

    /**
     * The name in RFC 2253 order and escaping, except that {@code =} inside a value stays as it is: RFC 4514 no longer
     * escapes it, and neither does {@code openssl -nameopt RFC2253}, so the two read the same.
     */
    static String rfc4514(X500Principal name) {
        String rfc2253 = name.getName(X500Principal.RFC2253);
        StringBuilder out = new StringBuilder(rfc2253.length());
        for (int i = 0; i < rfc2253.length(); i++) {
            char ch = rfc2253.charAt(i);
            if (ch == '\\' && i + 1 < rfc2253.length()) {
                char next = rfc2253.charAt(++i);
                if (next != '=') {
                    out.append(ch);
                }
                out.append(next);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** As {@code openssl x509 -text}: a serial that fits a long in decimal and hex, any other as its bytes. */
    static String serialText(BigInteger serial) {
        if (serial.bitLength() < 64) {
            return serial + " (0x" + serial.toString(16) + ")";
        }
        byte[] bytes = serial.toByteArray();
        int start = bytes[0] == 0 ? 1 : 0;
        return HexFormat.ofDelimiter(":").formatHex(bytes, start, bytes.length);
    }

    /** Why the certificate exists, as its requester says (the naming is {@link dev.hallmark.audit.Actor}'s). */
    static String protocol(String requester) {
        String kind = requester == null ? "" : requester.substring(0, Math.max(0, requester.indexOf(':')));
        return switch (kind) {
            case "admin" -> "REST API or console, by an administrator";
            case "token" -> "enrollment token (REST or EST)";
            case "cert" -> "renewal with the current certificate (REST or EST)";
            case "bootstrap" -> "EST with a manufacturer certificate";
            case "acme" -> "ACME";
            case "system" -> "the service itself";
            default -> "other (" + requester + ")";
        };
    }

    private static String key(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + " bit";
        }
        if (key instanceof ECPublicKey ec) {
            String curve = curveName(ec);
            return "EC " + curve + " (" + ec.getParams().getCurve().getField().getFieldSize() + " bit)";
        }
        return key.getAlgorithm();
    }

    private static String curveName(ECPublicKey ec) {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        for (String name : List.of("P-256", "P-384", "P-521")) {
            ECNamedCurveParameterSpec spec = ECNamedCurveTable.getParameterSpec(name);
            if (spec != null && spec.getCurve().getFieldSize() == bits
                    && spec.getN().equals(ec.getParams().getOrder())) {
                return name;
            }
        }
        return "curve of " + bits + " bit";
    }

    private static List<String> values(Extension e) {
        ASN1Encodable value = e.getParsedValue();
        ASN1ObjectIdentifier oid = e.getExtnId();
        if (oid.equals(Extension.basicConstraints)) {
            BasicConstraints bc = BasicConstraints.getInstance(value);
            return List.of(bc.isCA() ? "CA:TRUE" + (bc.getPathLenConstraint() != null ? ", pathlen:"
                    + bc.getPathLenConstraint() : "") : "CA:FALSE");
        }
        if (oid.equals(Extension.keyUsage)) {
            KeyUsage usage = KeyUsage.getInstance(value);
            List<String> names = new ArrayList<>();
            KEY_USAGES.forEach(u -> {
                if (usage.hasUsages(u.getKey())) {
                    names.add(u.getValue());
                }
            });
            return List.of(String.join(", ", names));
        }
        if (oid.equals(Extension.extendedKeyUsage)) {
            List<String> names = new ArrayList<>();
            for (KeyPurposeId p : ExtendedKeyUsage.getInstance(value).getUsages()) {
                names.add(PURPOSES.getOrDefault(p, p.getId()));
            }
            return List.of(String.join(", ", names));
        }
        if (oid.equals(Extension.subjectAlternativeName)) {
            List<String> names = new ArrayList<>();
            for (GeneralName name : GeneralNames.getInstance(value).getNames()) {
                names.add(generalName(name));
            }
            return List.of(String.join(", ", names));
        }
        if (oid.equals(Extension.subjectKeyIdentifier)) {
            return List.of(UPPER_COLONS.formatHex(SubjectKeyIdentifier.getInstance(value).getKeyIdentifier()));
        }
        if (oid.equals(Extension.authorityKeyIdentifier)) {
            byte[] id = AuthorityKeyIdentifier.getInstance(value).getKeyIdentifierOctets();
            return List.of(id == null ? "(no key identifier)" : UPPER_COLONS.formatHex(id));
        }
        if (oid.equals(Extension.cRLDistributionPoints) || oid.equals(Extension.freshestCRL)) {
            List<String> lines = new ArrayList<>();
            for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
                        lines.add("Full Name: " + generalName(g));
                    }
                }
            }
            return lines;
        }
        if (oid.equals(Extension.authorityInfoAccess)) {
            List<String> lines = new ArrayList<>();
            for (AccessDescription d : AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
                String method = d.getAccessMethod().equals(AccessDescription.id_ad_ocsp) ? "OCSP"
                        : d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers) ? "CA Issuers"
                        : d.getAccessMethod().getId();
                lines.add(method + " - " + generalName(d.getAccessLocation()));
            }
            return lines;
        }
        return List.of(HexFormat.ofDelimiter(":").formatHex(ASN1OctetString.getInstance(e.getExtnValue()).getOctets()));
    }

    /** As openssl prints a GeneralName. */
    private static String generalName(GeneralName name) {
        ASN1Primitive value = name.getName().toASN1Primitive();
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + string(value);
            case GeneralName.rfc822Name -> "email:" + string(value);
            case GeneralName.uniformResourceIdentifier -> "URI:" + string(value);
            case GeneralName.iPAddress -> "IP Address:" + ip(ASN1OctetString.getInstance(value).getOctets());
            case GeneralName.directoryName -> "DirName:" + org.bouncycastle.asn1.x500.X500Name.getInstance(value);
            default -> "othername:<unsupported>";
        };
    }

    private static String string(ASN1Primitive value) {
        return value instanceof ASN1String s ? s.getString() : value.toString();
    }

    /** IPv4 dotted; IPv6 as openssl writes it, eight groups without compression. */
    private static String ip(byte[] address) {
        if (address.length == 16) {
            List<String> groups = new ArrayList<>();
            for (int i = 0; i < 16; i += 2) {
                groups.add(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)).toUpperCase(Locale.ROOT));
            }
            return String.join(":", groups);
        }
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return HexFormat.of().formatHex(address);
        }
    }

    private static String fingerprint(String algorithm, byte[] der) throws GeneralSecurityException {
        return UPPER_COLONS.formatHex(MessageDigest.getInstance(algorithm).digest(der));
    }
}
