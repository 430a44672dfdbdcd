package dev.hallmark.revocation;

/**
 * Published for each answer of the OCSP responder: once per CertID of a successful response
 * (one, for the single-certificate requests clients send), once for an error response.
 */
public record OcspResponded(Status status) {

    /** The certificate statuses and the OCSPResponseStatus errors of RFC 6960 section 4.2.1, by their RFC names. */
    public enum Status {
        good, revoked, unknown, malformedRequest, internalError, tryLater, unauthorized
    }

}
