package dev.hallmark.issuance;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/** Serial numbers as text: upper-case hex with an even number of digits, as {@code openssl x509 -serial} prints. */
public final class Serials {

    private Serials() {
    }

    public static String hex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** Reads user input: case-insensitive, colons allowed ({@code 4a:3f:...}); empty when it is not hex. */
    public static Optional<String> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.replace(":", "").strip();
        if (digits.isEmpty() || digits.length() > 40 || !digits.matches("[0-9A-Fa-f]+")) {
            return Optional.empty();
        }
        return Optional.of(hex(new BigInteger(digits, 16)));
    }
}
