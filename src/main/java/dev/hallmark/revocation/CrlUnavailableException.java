package dev.hallmark.revocation;

/** No CRL can be served: none could be signed, and there is no earlier one that is still valid. */
public final class CrlUnavailableException extends RuntimeException {

    public CrlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
