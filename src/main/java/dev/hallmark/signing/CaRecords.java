package dev.hallmark.signing;

import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Where a CA's certificate is kept with, for software keys, its key encrypted with the CA password:
 * the database, where every node finds them; {@link CaKeyFiles} for the files of installations from
 * before the keys moved there and of {@code import-ca}.
 */
public interface CaRecords {

    /**
     * @param encryptedKey encrypted PKCS#8 PEM ({@link EncryptedKeyFile}); null when the key is
     *     kept elsewhere (a PKCS#11 token)
     */
    record Stored(X509CertificateHolder certificate, String encryptedKey) {

        @Override
        public String toString() {
            return "Stored[" + certificate.getSubject() + (encryptedKey == null ? "" : ", encrypted key") + "]";
        }
    }

    Optional<Stored> find(IssuerId id);

    /** Adds the CA's record; fails when it has one already, so that a CA is never replaced. */
    void insert(IssuerId id, Stored stored);

    /** Where the records are, for messages. */
    String location();
}
