package dev.hallmark.signing;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * CA keys in software: encrypted PKCS#8 with the CA password ({@link EncryptedKeyFile}), kept with
 * their certificates in {@link CaRecords} (the database), decrypted into memory at start.
 */
public final class SoftwareKeySource implements CaKeySource {

    private final CaRecords records;
    private final CaPassword password;
    private final int kdfIterations;

    public SoftwareKeySource(CaRecords records, CaPassword password, int kdfIterations) {
        this.records = records;
        this.password = password;
        this.kdfIterations = kdfIterations;
    }

    /** The CA keys as files in {@code dir} ({@link CaKeyFiles}), encrypted with {@code password}. */
    public static SoftwareKeySource in(Path dir, CaPassword password, int kdfIterations) {
        return new SoftwareKeySource(new CaKeyFiles(dir), password, kdfIterations);
    }

    @Override
    public boolean holds(IssuerId id) {
        return records.find(id).filter(r -> r.encryptedKey() != null).isPresent();
    }

    @Override
    public X509CertificateHolder certificate(IssuerId id) {
        return stored(id).certificate();
    }

    @Override
    public SigningKey key(IssuerId id) {
        CaRecords.Stored stored = stored(id);
        if (stored.encryptedKey() == null) {
            throw new CaKeyException("the " + name(id) + " CA's key is not in " + records.location()
                    + " (it was made in a PKCS#11 token: set hallmark.ca.key-store=pkcs11)");
        }
        PrivateKey key = EncryptedKeyFile.decrypt(stored.encryptedKey(), password.chars(),
                "the " + name(id) + " CA key in " + records.location());
        return SigningKey.software(key, Issuer.publicKey(stored.certificate()));
    }

    @Override
    public SigningKey generate(IssuerId id, KeyAlgorithm algorithm) {
        return SigningKey.software(algorithm.generate());
    }

    @Override
    public void store(IssuerId id, X509CertificateHolder certificate, SigningKey key) {
        records.insert(id, new CaRecords.Stored(certificate,
                EncryptedKeyFile.encrypt(key.privateKey(), password.chars(), kdfIterations, "the " + name(id) + " CA")));
    }

    @Override
    public String location() {
        return records.location();
    }

    private CaRecords.Stored stored(IssuerId id) {
        return records.find(id).orElseThrow(() -> new CaKeyException("no " + name(id) + " CA in " + records.location()));
    }

    private static String name(IssuerId id) {
        return id.name().toLowerCase(Locale.ROOT);
    }
}
