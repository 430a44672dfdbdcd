package dev.hallmark.lint;

import java.util.Optional;

/** One RFC 5280 section 5 rule, checked on a CRL signed with a throwaway key before the CA signs the real one. */
public interface CrlLint {

    /** A short, stable name for logs, for example {@code e_crl_number}. */
    String name();

    /** @return the violation, in a sentence, or empty when the CRL passes */
    Optional<String> check(CrlLintTarget target);
}
