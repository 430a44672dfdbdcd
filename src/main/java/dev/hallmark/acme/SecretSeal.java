package dev.hallmark.acme;

/**
 * Seals the EAB HMAC keys at rest (implemented in {@code signing} under a key from the CA password, wired in
 * {@code config}), so that ACME holds no key material of its own.
 */
public interface SecretSeal {

    String seal(byte[] secret, String context);

    /** @throws IllegalArgumentException when the value does not open */
    byte[] open(String sealed, String context);
}
