package dev.hallmark.acme;

/** A public key that signed a request, as verified by the front end: the JWK (JSON, public part only) and its thumbprint. */
public record AccountKey(String jwk, String thumbprint) {
}
