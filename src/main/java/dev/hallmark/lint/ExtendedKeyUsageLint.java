package dev.hallmark.lint;

import java.util.Optional;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * End-entity certificates name their purposes (no anyExtendedKeyUsage), and a serverAuth
 * certificate carries at least one DNS name or IP address for clients to match.
 */
public final class ExtendedKeyUsageLint implements CertificateLint {

    @Override
    public String name() {
        return "e_extended_key_usage";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        BasicConstraints bc = BasicConstraints.fromExtensions(target.extensions());
        if (bc != null && bc.isCA()) {
            return Optional.empty();
        }
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(target.extensions());
        if (eku == null) {
            return Optional.of("extendedKeyUsage is missing on an end-entity certificate");
        }
        if (eku.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
            return Optional.of("anyExtendedKeyUsage on an end-entity certificate");
        }
        if (eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth)) {
            GeneralNames sans = GeneralNames.fromExtensions(target.extensions(),
                    org.bouncycastle.asn1.x509.Extension.subjectAlternativeName);
            boolean hostName = sans != null && java.util.Arrays.stream(sans.getNames())
                    .anyMatch(n -> n.getTagNo() == GeneralName.dNSName || n.getTagNo() == GeneralName.iPAddress);
            if (!hostName) {
                return Optional.of("serverAuth certificate without a dNSName or iPAddress subjectAltName");
            }
        }
        return Optional.empty();
    }
}
