package dev.hallmark.acme;

/**
 * A request ACME refuses, with the problem type that names what is wrong and a detail for the
 * client (never internal detail). The ACME front end answers it as an RFC 8555 problem document.
 */
public class AcmeException extends RuntimeException {

    private final AcmeProblem problem;
    private final int status;

    public AcmeException(AcmeProblem problem, String detail) {
        this(problem, problem.status(), detail);
    }

    /** With a status other than the type's usual one (404 for a resource that is not there, 415, 405). */
    public AcmeException(AcmeProblem problem, int status, String detail) {
        super(detail);
        this.problem = problem;
        this.status = status;
    }

    public AcmeProblem problem() {
        return problem;
    }

    public int status() {
        return status;
    }

    public static AcmeException notFound(String what) {
        return new AcmeException(AcmeProblem.malformed, 404, "no " + what);
    }
}
