package dev.hallmark.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets that the service must read back (the HMAC keys of ACME external account binding) for
 * storage in the database: AES-256-GCM under a key derived from the CA password, with the row's id as
 * associated data, so a sealed value copied to another row or changed does not open. Whoever reads the
 * database without the CA password learns nothing of the secret.
 */
public final class SecretSealer {

    static final String VERSION = "v1:";
    /** Fixed, so that sealed values stay readable when hallmark.ca.kdf-iterations changes; derived once at start. */
    static final int ITERATIONS = 100_000;
    private static final byte[] SALT = "hallmark:sealed-secrets".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private SecretSealer(SecretKey key) {
        this.key = key;
    }

    public static SecretSealer fromPassword(CaPassword password) {
        char[] chars = password.chars();
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(chars, SALT, ITERATIONS, 256)).getEncoded();
            return new SecretSealer(new SecretKeySpec(derived, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no sealing key can be derived", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** @param context what the value belongs to (its row's id); the same context opens it */
    public String seal(byte[] secret, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** @throws IllegalArgumentException when the value was changed, sealed for another context or another password */
    public byte[] open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed value does not open", e);
        }
    }

    @Override
    public String toString() {
        return "SecretSealer[****]";
    }
}
