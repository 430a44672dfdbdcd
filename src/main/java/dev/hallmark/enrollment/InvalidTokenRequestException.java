package dev.hallmark.enrollment;

/** A request to create an enrollment token that cannot be honoured as asked (bad pattern, lifetime). */
public final class InvalidTokenRequestException extends RuntimeException {

    public InvalidTokenRequestException(String message) {
        super(message);
    }
}
