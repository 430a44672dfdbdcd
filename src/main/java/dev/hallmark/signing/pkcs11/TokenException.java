package dev.hallmark.signing.pkcs11;

import dev.hallmark.signing.CaKeyException;

/** The PKCS#11 token cannot be used: library, token, PIN or key missing or wrong. */
public final class TokenException extends CaKeyException {

    TokenException(String message) {
        super(message);
    }

    TokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
