package dev.hallmark.issuance;

/**
 * The requester's credential does not allow this issuance (a token already spent, expired or
 * revoked; a certificate that may not renew). Safe to show the requester.
 */
public class IssuanceRefusedException extends RuntimeException {

    private final Reason reason;
    private final String field;

    public enum Reason { UNAUTHENTICATED, FORBIDDEN, CONFLICT }

    public IssuanceRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** @param field the request field that caused the refusal (a form shows it beside that field) */
    public IssuanceRefusedException(Reason reason, String message, String field) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field that caused the refusal, or null. */
    public String field() {
        return field;
    }
}
