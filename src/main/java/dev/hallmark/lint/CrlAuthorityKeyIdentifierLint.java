package dev.hallmark.lint;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * RFC 5280 section 5.2.1: a CRL carries a non-critical authorityKeyIdentifier equal to the signing
 * CA's subjectKeyIdentifier, so relying parties pick the right key after a CA key rollover.
 */
public final class CrlAuthorityKeyIdentifierLint implements CrlLint {

    @Override
    public String name() {
        return "e_crl_authority_key_identifier";
    }

    @Override
    public Optional<String> check(CrlLintTarget target) {
        Extension aki = target.crl().getExtension(Extension.authorityKeyIdentifier);
        if (aki == null) {
            return Optional.of("authorityKeyIdentifier is missing");
        }
        if (aki.isCritical()) {
            return Optional.of("authorityKeyIdentifier must not be critical");
        }
        byte[] keyId = AuthorityKeyIdentifier.getInstance(aki.getParsedValue()).getKeyIdentifierOctets();
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(target.issuer().getExtensions());
        if (keyId == null) {
            return Optional.of("authorityKeyIdentifier has no keyIdentifier");
        }
        if (ski != null && !Arrays.equals(keyId, ski.getKeyIdentifier())) {
            return Optional.of("authorityKeyIdentifier does not match the CA's subjectKeyIdentifier");
        }
        return Optional.empty();
    }
}
