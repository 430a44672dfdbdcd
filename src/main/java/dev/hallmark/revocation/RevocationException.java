package dev.hallmark.revocation;

/** A revocation that cannot be done as asked. */
public final class RevocationException extends RuntimeException {

    /**
     * Why: {@code LAST_ADMIN} when the certificate is the last active ADMIN's, {@code BUSY} when
     * another change of the ADMINs kept the revocation waiting too long.
     */
    public enum Reason { NOT_FOUND, ALREADY_REVOKED, INVALID, FORBIDDEN, LAST_ADMIN, BUSY }

    private final Reason reason;

    public RevocationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
