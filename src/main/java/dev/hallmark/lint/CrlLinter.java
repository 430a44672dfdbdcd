package dev.hallmark.lint;

import java.util.ArrayList;
import java.util.List;

/** Runs every CRL lint; the CRL publisher refuses to sign a CRL with any failure. */
public final class CrlLinter {

    private final List<CrlLint> lints;

    public CrlLinter(List<CrlLint> lints) {
        this.lints = List.copyOf(lints);
    }

    public static CrlLinter rfc5280() {
        return new CrlLinter(List.of(new CrlNumberLint(), new CrlAuthorityKeyIdentifierLint(), new CrlUpdateTimesLint(),
                new CrlDeltaLint()));
    }

    public List<LintFailure> lint(CrlLintTarget target) {
        List<LintFailure> failures = new ArrayList<>();
        for (CrlLint lint : lints) {
            lint.check(target).ifPresent(detail -> failures.add(new LintFailure(lint.name(), detail)));
        }
        return failures;
    }
}
