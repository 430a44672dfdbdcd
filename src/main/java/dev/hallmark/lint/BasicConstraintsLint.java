package dev.hallmark.lint;

import java.util.Optional;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * RFC 5280 section 4.2.1.9: basicConstraints is present and critical; only a certificate that
 * asserts cA may have keyCertSign, and a CA certificate must have it.
 */
public final class BasicConstraintsLint implements CertificateLint {

    @Override
    public String name() {
        return "e_basic_constraints";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        Extension ext = target.extensions().getExtension(Extension.basicConstraints);
        if (ext == null) {
            return Optional.of("basicConstraints is missing");
        }
        if (!ext.isCritical()) {
            return Optional.of("basicConstraints is not critical");
        }
        boolean ca = BasicConstraints.getInstance(ext.getParsedValue()).isCA();
        KeyUsage usage = KeyUsage.fromExtensions(target.extensions());
        boolean certSign = usage != null && usage.hasUsages(KeyUsage.keyCertSign);
        if (!ca && certSign) {
            return Optional.of("keyCertSign is set on a certificate that is not a CA");
        }
        if (ca && !certSign) {
            return Optional.of("a CA certificate lacks keyCertSign");
        }
        if (!ca && BasicConstraints.getInstance(ext.getParsedValue()).getPathLenConstraint() != null) {
            return Optional.of("pathLenConstraint is set on a certificate that is not a CA");
        }
        return Optional.empty();
    }
}
