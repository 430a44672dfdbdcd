package dev.hallmark.acme;

import java.util.List;

/**
 * An ACME account as the front end shows and checks it.
 *
 * @param jwk the account's public key as a JWK (JSON), for verifying its requests
 * @param thumbprint the key's RFC 7638 thumbprint, base64url
 */
public record AcmeAccount(String id, String status, List<String> contact, String jwk, String thumbprint,
        String eabKeyId) {

    public static final String VALID = "valid";
    public static final String DEACTIVATED = "deactivated";

    public AcmeAccount {
        contact = List.copyOf(contact);
    }

    public boolean valid() {
        return VALID.equals(status);
    }
}
