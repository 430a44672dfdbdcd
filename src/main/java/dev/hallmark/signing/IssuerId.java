package dev.hallmark.signing;

/** The CAs the service signs with. */
public enum IssuerId {
    /** The self-signed trust anchor; signs only the issuing CA and the root CRL. */
    ROOT,
    /** Signs every end-entity certificate, the CRL and the OCSP responder certificate. */
    ISSUING
}
