package dev.hallmark.storage;

/** A stored certificate's state. Expiry is not a state: it follows from notAfter. */
public enum CertificateStatus {
    /** Serial reserved, not yet signed; never visible outside the issuing transaction. */
    PENDING,
    VALID,
    REVOKED
}
