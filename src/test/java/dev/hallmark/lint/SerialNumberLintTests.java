package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SerialNumberLintTests {

    private final SerialNumberLint lint = new SerialNumberLint();

    @Test
    void checkWhenSerialIsPositiveWithAtLeast64BitsThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenSerialIsExactly64BitsThenPasses() {
        assertThat(lint.check(leaf().serial(BigInteger.ONE.shiftLeft(63)).target())).isEmpty();
    }

    @Test
    void checkWhenSerialEncodesInExactly20OctetsThenPasses() {
        BigInteger largest = BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE);
        assertThat(lint.check(leaf().serial(largest).target())).isEmpty();
    }

    @Test
    void checkWhenSerialIsZeroThenFails() {
        assertThat(lint.check(leaf().serial(BigInteger.ZERO).target())).hasValue("serial number must be positive");
    }

    @Test
    void checkWhenSerialIsNegativeThenFails() {
        BigInteger negative = BigInteger.ONE.shiftLeft(100).negate();
        assertThat(lint.check(leaf().serial(negative).target())).hasValue("serial number must be positive");
    }

    @Test
    void checkWhenSerialNeeds21OctetsThenFails() {
        // 2^159 has its top bit set, so DER needs a leading zero octet: 21 octets in all
        assertThat(lint.check(leaf().serial(BigInteger.ONE.shiftLeft(159)).target()))
                .hasValue("serial number is longer than 20 octets");
    }

    @Test
    void checkWhenSerialHasFewerThan64BitsThenFails() {
        BigInteger small = BigInteger.ONE.shiftLeft(62);
        assertThat(lint.check(leaf().serial(small).target())).hasValue("serial number has fewer than 64 bits");
    }
}
