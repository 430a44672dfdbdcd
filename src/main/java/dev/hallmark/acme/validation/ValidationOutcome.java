package dev.hallmark.acme.validation;

/**
 * The result of one validation or CAA check. When not valid, {@code errorType} is the ACME error
 * name without the "urn:ietf:params:acme:error:" prefix (connection, dns, incorrectResponse,
 * unauthorized, tls, caa, rejectedIdentifier) and {@code detail} says what was seen, for the client.
 */
public record ValidationOutcome(boolean valid, String errorType, String detail) {

    public static ValidationOutcome success() {
        return new ValidationOutcome(true, null, null);
    }

    public static ValidationOutcome failure(String errorType, String detail) {
        return new ValidationOutcome(false, errorType, detail);
    }
}
