package dev.hallmark.signing;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** The signature algorithm a CA key signs with, chosen from the key alone. */
final class SignatureAlgorithms {

    private SignatureAlgorithms() {
    }

    static String forKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        if ("Ed25519".equalsIgnoreCase(key.getAlgorithm()) || "EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            return "Ed25519";
        }
        throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
    }
}
