package dev.hallmark.acme.validation;

/**
 * Proves control of an identifier for an ACME challenge (RFC 8555 §8, RFC 8737, RFC 8738) and
 * checks CAA (RFC 8659). Blocking: callers run it off the request thread.
 */
public interface ValidationAuthority {

    /**
     * @param challengeType    "http-01", "dns-01" or "tls-alpn-01"
     * @param identifier       the order's identifier; for a wildcard the value is the base name (no "*.")
     * @param token            the challenge token
     * @param keyAuthorization token + "." + base64url(JWK thumbprint of the account key)
     */
    ValidationOutcome validate(String challengeType, AcmeIdentifier identifier, String token, String keyAuthorization);

    /** CAA for a dns identifier just before issuance; ip identifiers always pass. */
    ValidationOutcome checkCaa(AcmeIdentifier identifier, boolean wildcard);
}
