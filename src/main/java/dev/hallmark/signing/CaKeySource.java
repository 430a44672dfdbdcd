package dev.hallmark.signing;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Where the root and issuing CA keys live (encrypted files, a PKCS#11 token) and how they sign.
 * {@link CaKeyStore} builds, checks and loads the CAs over a source; the rest of the service sees
 * only {@link CertificateAuthorities} and never learns where a key is.
 */
public interface CaKeySource {

    /** True when this source holds both the certificate and the key of the CA. */
    boolean holds(IssuerId id);

    /** The CA's certificate; fails with {@link CaKeyException} when it cannot be read. */
    X509CertificateHolder certificate(IssuerId id);

    /** The CA's key, ready to sign; fails with {@link CaKeyException} when it cannot be opened. */
    SigningKey key(IssuerId id);

    /** A new key pair for the CA, made where this source keeps keys; kept only by {@link #store}. */
    SigningKey generate(IssuerId id, KeyAlgorithm algorithm);

    /** Keeps the CA's certificate with its key, which {@link #generate} made or an import brought. */
    void store(IssuerId id, X509CertificateHolder certificate, SigningKey key);

    /** Where the keys are, for messages: a directory, a token. */
    String location();
}
