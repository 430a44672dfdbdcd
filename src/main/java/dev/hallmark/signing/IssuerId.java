package dev.hallmark.signing;

/**
 * The part a CA plays in the service's hierarchy, as code asks for it ("sign with the issuing CA").
 * The database names a CA by its {@link IssuerNameId}, derived from its certificate, never by this
 * name: a second issuing CA would be another row of the same role.
 */
public enum IssuerId {
    /** The self-signed trust anchor; signs only the issuing CA and the root CRL. */
    ROOT,
    /** Signs every end-entity certificate, the CRL and the OCSP responder certificate. */
    ISSUING
}
