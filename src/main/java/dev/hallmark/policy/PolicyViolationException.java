package dev.hallmark.policy;

/** A request that policy refuses; the message says what to change and is safe to show the requester. */
public final class PolicyViolationException extends RuntimeException {

    private final Violation violation;
    private final String field;

    public PolicyViolationException(Violation violation, String message) {
        this(violation, message, null);
    }

    private PolicyViolationException(Violation violation, String message, String field) {
        // messages quote parts of the request: no control characters reach logs or clients
        super(message.replaceAll("\\p{Cntrl}", "?"));
        this.violation = violation;
        this.field = field;
    }

    public Violation violation() {
        return violation;
    }

    /** The request field that caused the refusal, when the caller knows it (a form shows it beside that field). */
    public String field() {
        return field;
    }

    /** The same refusal, naming the request field that caused it. */
    public PolicyViolationException inField(String field) {
        PolicyViolationException named = new PolicyViolationException(violation, getMessage(), field);
        named.setStackTrace(getStackTrace());
        return named;
    }
}
