package dev.hallmark.lint;

import java.util.Optional;
import dev.hallmark.profile.HostNames;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * RFC 5280 section 4.2.1.6: with an empty subject the SAN extension is present and critical;
 * every entry is well formed: DNS names are preferred name syntax (a wildcard only as the whole
 * left-most label), IP addresses are 4 or 16 octets, nothing is empty.
 */
public final class SubjectAltNameLint implements CertificateLint {

    @Override
    public String name() {
        return "e_subject_alt_name";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        Extension ext = target.extensions().getExtension(Extension.subjectAlternativeName);
        boolean emptySubject = target.certificate().getSubject().getRDNs().length == 0;
        if (ext == null) {
            return emptySubject ? Optional.of("subject is empty and subjectAltName is missing") : Optional.empty();
        }
        if (emptySubject && !ext.isCritical()) {
            return Optional.of("subject is empty but subjectAltName is not critical");
        }
        GeneralName[] names = GeneralNames.getInstance(ext.getParsedValue()).getNames();
        if (names.length == 0) {
            return Optional.of("subjectAltName is empty");
        }
        for (GeneralName name : names) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName -> {
                    String dns = ((ASN1String) name.getName()).getString();
                    if (!validDnsName(dns)) {
                        return Optional.of("dNSName '" + dns + "' is not a valid host name");
                    }
                }
                case GeneralName.iPAddress -> {
                    int length = ASN1OctetString.getInstance(name.getName()).getOctets().length;
                    if (length != 4 && length != 16) {
                        return Optional.of("iPAddress of " + length + " octets");
                    }
                }
                case GeneralName.rfc822Name, GeneralName.uniformResourceIdentifier -> {
                    if (((ASN1String) name.getName()).getString().isEmpty()) {
                        return Optional.of("empty name in subjectAltName");
                    }
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    private static boolean validDnsName(String dns) {
        return HostNames.isValid(dns, true);
    }
}
