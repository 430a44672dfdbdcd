package dev.hallmark.signing;

/** The CA's keys or certificates cannot be used; the service must not start (or import) with them. */
public final class CaKeyException extends RuntimeException {

    public CaKeyException(String message) {
        super(message);
    }

    public CaKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
