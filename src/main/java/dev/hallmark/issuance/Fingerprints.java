package dev.hallmark.issuance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

final class Fingerprints {

    private Fingerprints() {
    }

    /** SHA-256 of the DER, as lower-case hex ({@code openssl x509 -fingerprint -sha256} without colons). */
    static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
