package dev.hallmark.lint;

import java.util.Optional;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * RFC 5280 section 4.2.1.3: keyUsage is present, critical and not empty; RFC 8813: an EC key
 * cannot encipher keys or data; RFC 8410 section 5: an Ed25519 key only signs (digitalSignature,
 * nonRepudiation, keyCertSign, cRLSign); cRLSign only on a CA.
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
        // RFC 8410 section 5: EdDSA keys can neither encipher nor agree keys. Without this check an
        // Ed25519 certificate with keyEncipherment or keyAgreement passed, since only EC was tested.
        boolean ed25519 = EdECObjectIdentifiers.id_Ed25519.equals(
                target.certificate().getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
        boolean notSigning = IntStream.of(KeyUsage.keyEncipherment, KeyUsage.dataEncipherment, KeyUsage.keyAgreement,
                KeyUsage.encipherOnly, KeyUsage.decipherOnly).anyMatch(usage::hasUsages);
        if (ed25519 && notSigning) {
            return Optional.of("keyUsage on an Ed25519 key allows only digitalSignature, nonRepudiation, keyCertSign and cRLSign");
        }
        if (usage.hasUsages(KeyUsage.cRLSign) && !usage.hasUsages(KeyUsage.keyCertSign)) {
            return Optional.of("cRLSign without keyCertSign on a certificate that is not a CA");
        }
        return Optional.empty();
    }
}
