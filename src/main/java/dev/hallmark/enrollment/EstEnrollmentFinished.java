package dev.hallmark.enrollment;

import dev.hallmark.audit.Outcome;

/**
 * Published by the EST front end when an enrollment request has been answered, for the metrics.
 *
 * @param outcome {@code SUCCESS}, {@code REFUSED} (credential, CSR, label or body size not accepted) or
 *     {@code FAILED} (inside the CA, or an issuing CA that cannot issue)
 */
public record EstEnrollmentFinished(Operation operation, Outcome outcome) {

    /** The enrolling operations of RFC 7030 section 3.2.2, by their path names. */
    public enum Operation {
        simpleenroll, simplereenroll, serverkeygen
    }
}
