package dev.hallmark.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * CA keys in software: {@code root.key} and {@code issuing.key} encrypted PKCS#8 files beside
 * {@code root.crt} and {@code issuing.crt} in {@code <data-dir>/ca}, decrypted into memory at start.
 */
public final class SoftwareKeySource implements CaKeySource {

    private final EncryptedKeyFiles keys;

    public SoftwareKeySource(EncryptedKeyFiles keys) {
        this.keys = keys;
    }

    /** The CA keys in {@code dir}, encrypted with {@code password}. */
    public static SoftwareKeySource in(Path dir, CaPassword password, int kdfIterations) {
        return new SoftwareKeySource(new EncryptedKeyFiles(dir, password, kdfIterations));
    }

    /** True when the directory holds a root CA key, that is, when a password must already exist. */
    public static boolean holdsKeys(Path dir) {
        return Files.exists(dir.resolve(name(IssuerId.ROOT) + ".key"));
    }

    @Override
    public boolean holds(IssuerId id) {
        return Files.exists(certificateFile(id)) && keys.exists(name(id));
    }

    @Override
    public X509CertificateHolder certificate(IssuerId id) {
        Path file = certificateFile(id);
        try {
            return CertificateFiles.readOne(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CaKeyException("cannot read " + file, e);
        }
    }

    @Override
    public SigningKey key(IssuerId id) {
        PrivateKey key = keys.read(name(id));
        return SigningKey.software(key, Issuer.publicKey(certificate(id)));
    }

    @Override
    public SigningKey generate(IssuerId id, KeyAlgorithm algorithm) {
        return SigningKey.software(algorithm.generate());
    }

    @Override
    public void store(IssuerId id, X509CertificateHolder certificate, SigningKey key) {
        // key first: a certificate without its key is detected as an incomplete CA on the next start
        keys.write(name(id), key.privateKey());
        SecureFiles.writePublic(certificateFile(id),
                Pem.certificate(Pem.encoded(certificate)).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String location() {
        return keys.dir().toString();
    }

    private Path certificateFile(IssuerId id) {
        return keys.dir().resolve(name(id) + ".crt");
    }

    private static String name(IssuerId id) {
        return id.name().toLowerCase(Locale.ROOT);
    }
}
