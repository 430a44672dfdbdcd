package dev.hallmark.policy;

/** Why policy refused a request; each names the part of the request at fault. */
public enum Violation {
    MALFORMED_CSR,
    BAD_CSR_SIGNATURE,
    WEAK_KEY,
    UNSUPPORTED_KEY,
    CA_REQUESTED,
    FORBIDDEN_EXTENSION,
    FORBIDDEN_SUBJECT,
    FORBIDDEN_NAME,
    MISSING_NAME,
    INVALID_VALIDITY,
    UNKNOWN_PROFILE,
    RESTRICTED_PROFILE,
    OUT_OF_BOUNDS,
    /** Beyond one of {@link Limits}: too many names, a name or attribute too long. */
    LIMIT_EXCEEDED
}
