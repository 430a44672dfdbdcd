package dev.hallmark.lint;

import java.math.BigInteger;
import java.util.Optional;

/** RFC 5280 section 4.1.2.2: positive, at most 20 octets; and at least 64 bits, for unpredictability. */
public final class SerialNumberLint implements CertificateLint {

    @Override
    public String name() {
        return "e_serial_number";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        BigInteger serial = target.certificate().getSerialNumber();
        if (serial.signum() <= 0) {
            return Optional.of("serial number must be positive");
        }
        if (serial.toByteArray().length > 20) {
            return Optional.of("serial number is longer than 20 octets");
        }
        if (serial.bitLength() < 64) {
            return Optional.of("serial number has fewer than 64 bits");
        }
        return Optional.empty();
    }
}
