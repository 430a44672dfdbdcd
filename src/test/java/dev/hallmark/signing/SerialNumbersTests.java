package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SerialNumbersTests {

    @Test
    void nextWhenDrawnThenPositiveAndExactly16Octets() {
        for (int i = 0; i < 1_000; i++) {
            BigInteger serial = SerialNumbers.next();
            assertThat(serial.signum()).isEqualTo(1);
            assertThat(serial.toByteArray()).hasSize(16);
            assertThat(serial.bitLength()).isEqualTo(127);
        }
    }

    @Test
    void nextWhenDrawnManyTimesThenNeverRepeats() {
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(SerialNumbers.next())).isTrue();
        }
    }

    @Test
    void nextWhenDrawnManyTimesThenEveryRandomBitVaries() {
        // 126 random bits: across many draws each bit below the fixed top two is seen both set and clear
        BigInteger or = BigInteger.ZERO;
        BigInteger and = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        for (int i = 0; i < 2_000; i++) {
            BigInteger serial = SerialNumbers.next();
            or = or.or(serial);
            and = and.and(serial);
        }
        assertThat(or).isEqualTo(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));
        assertThat(and).isEqualTo(BigInteger.ONE.shiftLeft(126));
    }
}
