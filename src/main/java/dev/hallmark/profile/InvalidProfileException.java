package dev.hallmark.profile;

/** A profile definition breaks a hard limit; the service refuses to start with it. */
public final class InvalidProfileException extends RuntimeException {

    public InvalidProfileException(String message) {
        super(message);
    }
}
