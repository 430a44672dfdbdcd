package dev.hallmark.policy;

/** A request that policy refuses; the message says what to change and is safe to show the requester. */
public final class PolicyViolationException extends RuntimeException {

    private final Violation violation;

    public PolicyViolationException(Violation violation, String message) {
        super(message);
        this.violation = violation;
    }

    public Violation violation() {
        return violation;
    }
}
