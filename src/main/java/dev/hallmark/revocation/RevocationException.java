package dev.hallmark.revocation;

/** A revocation that cannot be done as asked. */
public final class RevocationException extends RuntimeException {

    public enum Reason { NOT_FOUND, ALREADY_REVOKED, INVALID, FORBIDDEN }

    private final Reason reason;

    public RevocationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
