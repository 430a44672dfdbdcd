package dev.hallmark.enrollment;

import dev.hallmark.policy.IssuancePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** The names of a certificate or CSR, read as the enrollment authorizers bind a new certificate to them. */
final class CertificateNames {

    private CertificateNames() {
    }

    static X509CertificateHolder holder(byte[] der) {
        try {
            return new X509CertificateHolder(Objects.requireNonNull(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String commonName(X500Name subject) {
        var rdns = subject.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return null;
        }
        var value = rdns[0].getFirst().getValue();
        return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
    }

    static Set<GeneralName> sans(X509CertificateHolder certificate) {
        return set(GeneralNames.fromExtensions(certificate.getExtensions(), Extension.subjectAlternativeName));
    }

    /** As policy reads them: a value that is not a SAN list is refused by name, never a 500. */
    static GeneralNames sans(PKCS10CertificationRequest csr) {
        return IssuancePolicy.requestedSubjectAltNames(csr);
    }

    static Set<GeneralName> set(GeneralNames names) {
        return names == null ? Set.of() : new HashSet<>(List.of(names.getNames()));
    }

    /** SAN values as policy compares them (DNS, e-mail, URI as written; IP addresses in their usual text form). */
    static List<String> text(Set<GeneralName> names) {
        List<String> out = new ArrayList<>();
        for (GeneralName name : names) {
            if (name.getTagNo() == GeneralName.iPAddress) {
                try {
                    out.add(InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets())
                            .getHostAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            } else if (name.getName() instanceof ASN1String s) {
                out.add(s.getString());
            }
        }
        return out.stream().sorted().toList();
    }
}
