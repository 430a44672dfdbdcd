package dev.hallmark.inventory;

/** A certificate search that names a status or sort field the store does not have; the message says which exist. */
public final class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message) {
        super(message);
    }
}
