package dev.hallmark.signing;

import dev.hallmark.crypto.CryptoProviders;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA private key where its {@link CaKeySource} keeps it, with the JCA provider that signs with
 * it: the fast software provider for a decrypted key, the PKCS#11 provider for a key that never
 * leaves its token. Signers are made here, so no builder ever names a provider itself.
 */
public final class SigningKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Provider provider;

    public SigningKey(PrivateKey privateKey, PublicKey publicKey, Provider provider) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.provider = provider;
    }

    /** A key held in memory, signed with by the fast software provider. */
    public static SigningKey software(PrivateKey privateKey, PublicKey publicKey) {
        return new SigningKey(privateKey, publicKey, CryptoProviders.signatures());
    }

    static SigningKey software(KeyPair keys) {
        return software(keys.getPrivate(), keys.getPublic());
    }

    /**
     * A new signer: a ContentSigner wraps one {@link java.security.Signature}, which is not
     * thread-safe, so each signature takes its own.
     */
    ContentSigner signer(String signatureAlgorithm) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(privateKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create a " + signatureAlgorithm + " signer with " + provider.getName(),
                    e);
        }
    }

    /** The private key object: material for a software key, a handle for a token key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Provider provider() {
        return provider;
    }

    @Override
    public String toString() {
        return "SigningKey[" + publicKey.getAlgorithm() + ", " + provider.getName() + "]";
    }
}
