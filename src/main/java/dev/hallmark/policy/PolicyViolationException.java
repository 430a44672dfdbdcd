package dev.hallmark.policy;

/** A request that policy refuses; the message says what to change and is safe to show the requester. */
public final class PolicyViolationException extends RuntimeException {

    private final Violation violation;

    public PolicyViolationException(Violation violation, String message) {
        // messages quote parts of the request: no control characters reach logs or clients
        super(message.replaceAll("\\p{Cntrl}", "?"));
        this.violation = violation;
    }

    public Violation violation() {
        return violation;
    }
}
