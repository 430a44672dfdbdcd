package dev.hallmark.issuance;

/**
 * The requester's credential does not allow this issuance (a token already spent, expired or
 * revoked; a certificate that may not renew). Safe to show the requester.
 */
public class IssuanceRefusedException extends RuntimeException {

    private final Reason reason;

    public enum Reason { UNAUTHENTICATED, FORBIDDEN, CONFLICT }

    public IssuanceRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
