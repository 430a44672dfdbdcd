package dev.hallmark.signing;

/**
 * The CA's keys or certificates cannot be used; the service must not start (or import) with them.
 * Extended by the key sources that have failures of their own (a PKCS#11 token).
 */
public class CaKeyException extends RuntimeException {

    public CaKeyException(String message) {
        super(message);
    }

    public CaKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
