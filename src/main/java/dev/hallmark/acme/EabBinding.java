package dev.hallmark.acme;

/**
 * An external account binding (RFC 8555 section 7.3.4) whose structure, algorithm, url and payload (the
 * account's own key) the front end checked; what remains is the MAC, with the key only ACME can open.
 *
 * @param compact the JWS in compact form, for the MAC check
 */
public record EabBinding(String keyId, String compact) {
}
