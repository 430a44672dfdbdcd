package dev.hallmark.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Keys the service holds for itself beside its CA keys (its TLS server key, its OCSP responder
 * key): stored encrypted like CA keys, handed out only as a {@link KeyStore} for JSSE or as a
 * signer inside this package.
 */
public final class ServiceCredentials {

    private final Path dir;
    private final EncryptedKeyFiles keys;

    /** Keys and certificates in the key files' directory, whatever the CA key source is. */
    public ServiceCredentials(EncryptedKeyFiles keys) {
        this.dir = keys.dir();
        this.keys = keys;
    }

    public boolean exists(String name) {
        return Files.exists(dir.resolve(name + ".crt")) && keys.exists(name);
    }

    /** True when the credential is missing or its certificate ends before {@code renewBefore}. */
    public boolean needsRenewal(String name, Instant renewBefore) {
        return !exists(name) || certificate(name).getNotAfter().toInstant().isBefore(renewBefore);
    }

    public void store(String name, GeneratedCredential credential, X509CertificateHolder certificate) {
        credential.saveTo(keys, name);
        SecureFiles.writePublic(dir.resolve(name + ".crt"),
                Pem.certificate(Pem.encoded(certificate)).getBytes(StandardCharsets.US_ASCII));
    }

    public X509CertificateHolder certificate(String name) {
        try {
            return CertificateFiles.readOne(Files.readAllBytes(dir.resolve(name + ".crt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PKCS#12 key store in memory holding the credential and the CA chain, for the TLS connector. */
    public KeyStore keyStore(String name, List<X509CertificateHolder> caChain, char[] storePassword) {
        PrivateKey key = keys.read(name);
        List<X509CertificateHolder> chain = new ArrayList<>();
        chain.add(certificate(name));
        chain.addAll(caChain);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(name, key, storePassword, GeneratedCredential.toJca(chain));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the " + name + " key store", e);
        }
    }

    PrivateKey privateKey(String name) {
        return keys.read(name);
    }
}
