package dev.hallmark.config;

import dev.hallmark.signing.CaKeySource;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.signing.pkcs11.Pkcs11KeySource;
import java.util.function.Supplier;

/** The CA key source that {@code hallmark.ca.key-store} names, for the service and for its commands. */
final class CaKeySources {

    private CaKeySources() {
    }

    /** @param software the software key source, made only when configured (it needs the CA password) */
    static CaKeySource open(HallmarkProperties properties, Supplier<SoftwareKeySource> software) {
        HallmarkProperties.Ca ca = properties.ca();
        return switch (ca.keyStore()) {
            case SOFTWARE -> software.get();
            case PKCS11 -> Pkcs11KeySource.open(new Pkcs11KeySource.Settings(ca.pkcs11().library(),
                    ca.pkcs11().tokenLabel(), ca.pkcs11().pin() == null ? null : ca.pkcs11().pin().toCharArray(),
                    ca.pkcs11().rootKeyLabel(), ca.pkcs11().issuingKeyLabel()));
        };
    }
}
