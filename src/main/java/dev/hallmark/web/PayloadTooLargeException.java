package dev.hallmark.web;

/**
 * A request body over the size limit, raised by {@link RequestBodyLimitFilter}'s stream to whichever front end
 * reads the body; each front end answers it with 413 in its own form.
 */
public final class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes");
    }
}
