package dev.hallmark.lint;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * RFC 5280 section 4.1.2.4: the issuer field is byte-for-byte the issuer's subject, so path
 * building never depends on name comparison rules; and the signature algorithm fields agree
 * (section 4.1.1.2).
 */
public final class IssuerNameLint implements CertificateLint {

    @Override
    public String name() {
        return "e_issuer_name";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        try {
            byte[] issuer = target.certificate().getIssuer().getEncoded();
            byte[] issuerSubject = target.issuer().getSubject().getEncoded();
            if (!Arrays.equals(issuer, issuerSubject)) {
                return Optional.of("issuer name is not the issuer's subject, byte for byte");
            }
        } catch (IOException e) {
            return Optional.of("issuer name cannot be encoded");
        }
        var structure = target.certificate().toASN1Structure();
        if (!structure.getSignatureAlgorithm().equals(structure.getTBSCertificate().getSignature())) {
            return Optional.of("signature algorithm differs between the certificate and its TBS");
        }
        return Optional.empty();
    }
}
