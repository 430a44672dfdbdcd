package dev.hallmark.lint;

import java.util.Optional;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * RFC 5280 section 4.2.1.3: keyUsage is present, critical and not empty; RFC 8813: an EC key
 * cannot encipher keys or data; cRLSign only on a CA.
 */
public final class KeyUsageLint implements CertificateLint {

    @Override
    public String name() {
        return "e_key_usage";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        Extension ext = target.extensions().getExtension(Extension.keyUsage);
        if (ext == null) {
            return Optional.of("keyUsage is missing");
        }
        if (!ext.isCritical()) {
            return Optional.of("keyUsage is not critical");
        }
        KeyUsage usage = KeyUsage.getInstance(ext.getParsedValue());
        if (usage.getBytes().length == 0 || usage.getBytes()[0] == 0 && usage.getBytes().length == 1) {
            return Optional.of("keyUsage has no bit set");
        }
        boolean ec = X9ObjectIdentifiers.id_ecPublicKey.equals(
                target.certificate().getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
        if (ec && (usage.hasUsages(KeyUsage.keyEncipherment) || usage.hasUsages(KeyUsage.dataEncipherment))) {
            return Optional.of("keyEncipherment or dataEncipherment on an EC key");
        }
        if (usage.hasUsages(KeyUsage.cRLSign) && !usage.hasUsages(KeyUsage.keyCertSign)) {
            return Optional.of("cRLSign without keyCertSign on a certificate that is not a CA");
        }
        return Optional.empty();
    }
}
