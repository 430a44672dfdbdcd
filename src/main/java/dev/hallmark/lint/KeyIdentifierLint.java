package dev.hallmark.lint;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * RFC 5280 sections 4.2.1.1 and 4.2.1.2: subjectKeyIdentifier present; authorityKeyIdentifier
 * present, not critical, and equal to the issuer's subjectKeyIdentifier (except on a root).
 */
public final class KeyIdentifierLint implements CertificateLint {

    @Override
    public String name() {
        return "e_key_identifiers";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        if (SubjectKeyIdentifier.fromExtensions(target.extensions()) == null) {
            return Optional.of("subjectKeyIdentifier is missing");
        }
        if (target.selfSigned()) {
            return Optional.empty();
        }
        Extension aki = target.extensions().getExtension(Extension.authorityKeyIdentifier);
        if (aki == null) {
            return Optional.of("authorityKeyIdentifier is missing");
        }
        if (aki.isCritical()) {
            return Optional.of("authorityKeyIdentifier must not be critical");
        }
        SubjectKeyIdentifier issuerSki = SubjectKeyIdentifier.fromExtensions(target.issuer().getExtensions());
        byte[] keyId = AuthorityKeyIdentifier.getInstance(aki.getParsedValue()).getKeyIdentifierOctets();
        if (issuerSki != null && (keyId == null || !Arrays.equals(keyId, issuerSki.getKeyIdentifier()))) {
            return Optional.of("authorityKeyIdentifier does not match the issuer's subjectKeyIdentifier");
        }
        return Optional.empty();
    }
}
