package dev.hallmark.issuance;

/** Issuance stopped inside the CA (a lint failure, a storage failure); nothing was handed out or kept. */
public final class IssuanceFailedException extends RuntimeException {

    public IssuanceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
