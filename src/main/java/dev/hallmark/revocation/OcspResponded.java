package dev.hallmark.revocation;

/**
 * Told of each answer of the OCSP responder, on the answering thread: once per CertID of a
 * successful response (one, for the single-certificate requests clients send), once for an error
 * response. A direct call rather than an application event: publishing one per answer took 6.5% of
 * the responder's time in a profile of {@code bench/revocation.sh}.
 */
@FunctionalInterface
public interface OcspResponded {

    void answered(Status status);

    /** The certificate statuses and the OCSPResponseStatus errors of RFC 6960 section 4.2.1, by their RFC names. */
    enum Status {
        good, revoked, unknown, malformedRequest, internalError, tryLater, unauthorized
    }
}
