package dev.hallmark.web.problem;

/** Raised by front ends for request errors they detect themselves (bad parameters, not found). */
public final class ProblemException extends RuntimeException {

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }
}
