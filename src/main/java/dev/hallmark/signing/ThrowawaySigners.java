package dev.hallmark.signing;

import dev.hallmark.crypto.CryptoProviders;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys of the same type as each CA key, made at start and never stored, to sign certificates
 * for linting: the TBS bytes are identical, so no lint ever needs the real key.
 *
 * <p>RSA throwaway keys have {@value #RSA_BITS} bits whatever the CA key's size: the signature
 * algorithm (say sha256WithRSAEncryption) and so the linted TBS bytes are the same, only the
 * discarded signature is shorter, and a 2048-bit private-key operation per certificate, the
 * largest single cost of issuing under an RSA CA, becomes one a sixth of its price. (Boulder
 * matches the size; no lint here reads the signature.)
 */
final class ThrowawaySigners {

    static final int RSA_BITS = 1024;

    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();

    ContentSigner signerLike(PublicKey caKey, String signatureAlgorithm) {
        KeyPair pair = keys.computeIfAbsent(signatureAlgorithm + "/" + shape(caKey), k -> generateLike(caKey));
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(CryptoProviders.signatures())
                    .build(pair.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shape(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return "EC" + ec.getParams().getOrder().bitLength();
        }
        return key.getAlgorithm();
    }

    private static KeyPair generateLike(PublicKey caKey) {
        try {
            if (caKey instanceof ECPublicKey ec) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC", CryptoProviders.signatures());
                g.initialize(ec.getParams());
                return g.generateKeyPair();
            }
            if (caKey instanceof RSAPublicKey) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", CryptoProviders.signatures());
                g.initialize(RSA_BITS);
                return g.generateKeyPair();
            }
            return KeyPairGenerator.getInstance(caKey.getAlgorithm(), CryptoProviders.bouncyCastle()).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a throwaway key like " + caKey.getAlgorithm(), e);
        }
    }
}
