package dev.hallmark.lint;

import java.util.ArrayList;
import java.util.List;

/** Runs every lint; issuance refuses a certificate with any failure. */
public final class CertificateLinter {

    private final List<CertificateLint> lints;

    public CertificateLinter(List<CertificateLint> lints) {
        this.lints = List.copyOf(lints);
    }

    public static CertificateLinter rfc5280() {
        return new CertificateLinter(List.of(
                new SerialNumberLint(),
                new ValidityPeriodLint(),
                new BasicConstraintsLint(),
                new KeyUsageLint(),
                new KeyIdentifierLint(),
                new SubjectAltNameLint(),
                new ExtendedKeyUsageLint(),
                new RevocationPointersLint(),
                new IssuerNameLint()));
    }

    public List<LintFailure> lint(LintTarget target) {
        List<LintFailure> failures = new ArrayList<>();
        if (target.certificate().getExtensions() == null) {
            failures.add(new LintFailure("e_ext_missing", "a v3 certificate without extensions"));
            return failures;
        }
        for (CertificateLint lint : lints) {
            try {
                lint.check(target).ifPresent(detail -> failures.add(new LintFailure(lint.name(), detail)));
            } catch (RuntimeException e) {
                // Fail closed: a malformed extension (say an empty cRLDistributionPoints) makes Bouncy
                // Castle's parsers throw; that escaped as an unexplained error instead of a lint failure.
                failures.add(new LintFailure(lint.name(), "the certificate cannot be checked: " + e.getMessage()));
            }
        }
        return failures;
    }
}
