package dev.hallmark.enrollment;

/** A request to create an enrollment token that cannot be honoured as asked (bad pattern, lifetime). */
public final class InvalidTokenRequestException extends RuntimeException {

    private final String field;

    public InvalidTokenRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field to correct: {@code commonName}, {@code sans} or {@code expiresIn}. */
    public String field() {
        return field;
    }
}
