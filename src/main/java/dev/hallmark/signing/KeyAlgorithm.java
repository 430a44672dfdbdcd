package dev.hallmark.signing;

import dev.hallmark.crypto.CryptoProviders;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Key algorithms the service generates for its CAs and for credentials it creates. */
public enum KeyAlgorithm {
    EC_P256("EC", 256),
    EC_P384("EC", 384),
    RSA_2048("RSA", 2048),
    RSA_3072("RSA", 3072),
    RSA_4096("RSA", 4096);

    private final String family;
    private final int size;

    KeyAlgorithm(String family, int size) {
        this.family = family;
        this.size = size;
    }

    public KeyPair generate() {
        return generate(CryptoProviders.signatures());
    }

    /** A key pair made by {@code provider}: in memory, or inside a token for a PKCS#11 provider. */
    public KeyPair generate(Provider provider) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(family, provider);
            if (family.equals("EC")) {
                generator.initialize(new ECGenParameterSpec(size == 256 ? "secp256r1" : "secp384r1"));
            } else {
                generator.initialize(new RSAKeyGenParameterSpec(size, RSAKeyGenParameterSpec.F4));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key", e);
        }
    }
}
