package dev.hallmark.acme.validation;

/**
 * The ACME error types a validation or CAA check can end with (RFC 8555 §6.7), by their names
 * without the {@code urn:ietf:params:acme:error:} prefix. Which failure gives which type is listed
 * in docs/acme.md.
 */
public enum ValidationError {
    /** Nothing answered, the connection broke or timed out, or a redirect went where the VA does not follow. */
    connection,
    /** A lookup failed: NXDOMAIN, SERVFAIL, a timeout, a CNAME loop, or no address the VA may reach. */
    dns,
    /** An answer came, and it is not what the challenge asks for. */
    incorrectResponse,
    /** The challenge resource is not there: an HTTP status other than 200, no TXT record. */
    unauthorized,
    /** The TLS handshake failed or did not negotiate {@code acme-tls/1}. */
    tls,
    /** CAA forbids this CA to issue for the name. */
    caa,
    /** The identifier cannot be validated this way at all. */
    rejectedIdentifier
}
