package dev.hallmark.config;

import dev.hallmark.signing.CaKeySource;
import dev.hallmark.signing.EncryptedKeyFiles;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.signing.pkcs11.Pkcs11KeySource;
import java.util.function.Supplier;

/** The CA key source that {@code hallmark.ca.key-store} names, for the service and for its commands. */
final class CaKeySources {

    private CaKeySources() {
    }

    /** @param keyFiles the encrypted key files, asked for only by the software key source */
    static CaKeySource open(HallmarkProperties properties, Supplier<EncryptedKeyFiles> keyFiles) {
        HallmarkProperties.Ca ca = properties.ca();
        return switch (ca.keyStore()) {
            case SOFTWARE -> new SoftwareKeySource(keyFiles.get());
            case PKCS11 -> Pkcs11KeySource.open(new Pkcs11KeySource.Settings(ca.pkcs11().library(),
                    ca.pkcs11().tokenLabel(), ca.pkcs11().pin() == null ? null : ca.pkcs11().pin().toCharArray(),
                    ca.pkcs11().rootKeyLabel(), ca.pkcs11().issuingKeyLabel()));
        };
    }
}
