package dev.hallmark.acme;

/**
 * An administrator's change to an EAB key or an ACME account that cannot be made: the key or account is unknown, or
 * its state does not allow the change (a key already bound or revoked, an account already deactivated). The message
 * says which and is safe to show.
 */
public final class AcmeAdministrationException extends RuntimeException {

    public enum Reason { NOT_FOUND, CONFLICT }

    private final Reason reason;

    AcmeAdministrationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
