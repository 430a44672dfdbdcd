package dev.hallmark.acme;

/**
 * The ACME error types Hallmark answers (RFC 8555 section 6.7, RFC 8738, RFC 9773), each with its
 * HTTP status: one table, so the URN, the status and the meaning cannot drift apart.
 */
public enum AcmeProblem {
    accountDoesNotExist(400),
    /** RFC 9773 section 7.4: the certificate named in {@code replaces} has a replacement already. */
    alreadyReplaced(409),
    alreadyRevoked(400),
    badCSR(400),
    badNonce(400),
    badPublicKey(400),
    badRevocationReason(400),
    badSignatureAlgorithm(400),
    caa(403),
    connection(400),
    dns(400),
    externalAccountRequired(400),
    incorrectResponse(403),
    invalidContact(400),
    /** draft-aaron-acme-profiles: a profile the server does not offer. */
    invalidProfile(400),
    malformed(400),
    orderNotReady(403),
    rateLimited(429),
    rejectedIdentifier(400),
    serverInternal(500),
    tls(400),
    unauthorized(403),
    unsupportedContact(400),
    unsupportedIdentifier(400),
    userActionRequired(403);

    public static final String PREFIX = "urn:ietf:params:acme:error:";

    private final int status;

    AcmeProblem(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String type() {
        return PREFIX + name();
    }

    /** The problem named by a validation outcome's error type; an unknown name is the CA's own failure. */
    public static AcmeProblem named(String name) {
        for (AcmeProblem p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return serverInternal;
    }
}
