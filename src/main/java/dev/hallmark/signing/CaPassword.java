package dev.hallmark.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The password that protects CA private keys at rest: HALLMARK_CA_PASSWORD when set, otherwise
 * the file {@code <data-dir>/ca/password}, generated (mode 0600) only when no CA exists yet.
 */
public final class CaPassword {

    private final char[] value;

    private CaPassword(char[] value) {
        this.value = value;
    }

    /**
     * @param configured the configured password, or null
     * @param passwordFile where a generated password lives
     * @param mayGenerate true only when the data directory holds no CA key yet
     */
    public static CaPassword resolve(String configured, Path passwordFile, boolean mayGenerate) {
        if (configured != null && !configured.isEmpty()) {
            return new CaPassword(configured.toCharArray());
        }
        try {
            if (Files.exists(passwordFile)) {
                return new CaPassword(Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + passwordFile, e);
        }
        if (!mayGenerate) {
            throw new CaKeyException("CA keys exist but no password was given: set HALLMARK_CA_PASSWORD or restore "
                    + passwordFile);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        SecureFiles.writeSecret(passwordFile, (generated + "\n").getBytes(StandardCharsets.UTF_8));
        return new CaPassword(generated.toCharArray());
    }

    char[] chars() {
        return value.clone();
    }

    @Override
    public String toString() {
        return "CaPassword[****]";
    }
}
