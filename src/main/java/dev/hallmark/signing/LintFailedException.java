package dev.hallmark.signing;

import dev.hallmark.lint.LintFailure;
import java.util.List;

/** The to-be-signed certificate failed a lint; nothing was signed with a real key. */
public final class LintFailedException extends RuntimeException {

    private final transient List<LintFailure> failures;

    public LintFailedException(List<LintFailure> failures) {
        super("certificate failed lints: " + failures);
        this.failures = List.copyOf(failures);
    }

    public List<LintFailure> failures() {
        return failures;
    }
}
