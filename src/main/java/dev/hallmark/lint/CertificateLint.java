package dev.hallmark.lint;

import java.util.Optional;

/** One RFC 5280 rule, checked on a to-be-signed certificate that carries a throwaway signature. */
public interface CertificateLint {

    /** A short, stable name for logs and audit, for example {@code e_basic_constraints}. */
    String name();

    /** @return the violation, in a sentence, or empty when the certificate passes */
    Optional<String> check(LintTarget target);
}
