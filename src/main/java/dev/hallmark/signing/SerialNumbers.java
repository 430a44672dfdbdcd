package dev.hallmark.signing;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate serial numbers: 126 random bits from a CSPRNG in 16 octets (RFC 5280 allows 20;
 * CA/Browser Forum asks for at least 64 random bits). The top bit is cleared so the number is
 * positive and the next one set so it always encodes in exactly 16 octets.
 */
public final class SerialNumbers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SerialNumbers() {
    }

    public static BigInteger next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x3f) | 0x40);
        return new BigInteger(1, bytes);
    }
}
