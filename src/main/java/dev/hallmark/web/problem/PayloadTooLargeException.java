package dev.hallmark.web.problem;

/** The request body passed the size limit while being read. */
public final class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes");
    }
}
