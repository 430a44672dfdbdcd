package dev.hallmark.issuance;

/**
 * The issuing CA cannot issue the certificate asked for: it is revoked, it has expired, or it
 * expires before the certificate would end. Nothing was signed. The message names the reason and
 * its time and is safe to show the requester; front ends answer 503, as the service, not the
 * request, is at fault.
 */
public final class IssuingCaUnavailableException extends RuntimeException {

    /** Why the issuing CA cannot issue. */
    public enum Reason { REVOKED, EXPIRED, EXPIRES_BEFORE_END }

    private final Reason reason;

    IssuingCaUnavailableException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
