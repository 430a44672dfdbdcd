package dev.hallmark.acme;

import dev.hallmark.policy.CsrDecoder;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.PolicyViolationException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The names a CSR asks for, as ACME identifiers ({@code dns:name}, {@code ip:canonical}), to
 * compare with an order's; everything else about the CSR is for policy to judge at issuance.
 *
 * @param commonName the subject's common name as an identifier, or null
 */
record CsrNames(Set<String> sans, String commonName) {

    static CsrNames read(byte[] der) {
        PKCS10CertificationRequest csr;
        GeneralNames names;
        try {
            csr = CsrDecoder.decode(der);
            // as policy reads them: a SAN value of another ASN.1 type, or a CN that is not UTF-8, is a badCSR here
            names = IssuancePolicy.requestedSubjectAltNames(csr);
            IssuancePolicy.checkSubjectReadable(csr.getSubject());
        } catch (PolicyViolationException e) {
            throw new AcmeException(AcmeProblem.badCSR, e.getMessage());
        }
        Set<String> sans = new LinkedHashSet<>();
        if (names != null) {
            for (GeneralName name : names.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> sans.add(OrderIdentifier.DNS + ":"
                            + ((ASN1String) name.getName()).getString().toLowerCase(Locale.ROOT));
                    case GeneralName.iPAddress -> {
                        String ip = AcmeIdentifiers.canonical(ASN1OctetString.getInstance(name.getName()).getOctets());
                        if (ip == null) {
                            throw new AcmeException(AcmeProblem.badCSR, "the CSR has an IP address SAN that is"
                                    + " not 4 or 16 octets");
                        }
                        sans.add(OrderIdentifier.IP + ":" + ip);
                    }
                    default -> throw new AcmeException(AcmeProblem.badCSR, "the CSR asks for a name of a type"
                            + " ACME does not validate (only DNS names and IP addresses)");
                }
            }
        }
        String commonName = null;
        for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
            if (rdn.getFirst().getValue() instanceof ASN1String cn) {
                String value = cn.getString().toLowerCase(Locale.ROOT);
                commonName = (org.bouncycastle.util.IPAddress.isValid(value) ? OrderIdentifier.IP + ":"
                        + canonicalIp(value) : OrderIdentifier.DNS + ":" + value);
            }
        }
        return new CsrNames(sans, commonName);
    }

    private static String canonicalIp(String literal) {
        try {
            return AcmeIdentifiers.canonical(java.net.InetAddress.getByName(literal));
        } catch (java.net.UnknownHostException e) {
            return literal;
        }
    }
}
