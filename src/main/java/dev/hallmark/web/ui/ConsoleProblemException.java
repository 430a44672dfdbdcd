package dev.hallmark.web.ui;

/** A console page that cannot be shown as asked (an unknown serial); answered with the problem's status and text. */
final class ConsoleProblemException extends RuntimeException {

    private final transient ConsoleProblem problem;

    ConsoleProblemException(ConsoleProblem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    ConsoleProblem problem() {
        return problem;
    }
}
