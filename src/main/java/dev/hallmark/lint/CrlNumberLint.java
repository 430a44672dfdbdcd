package dev.hallmark.lint;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;

/**
 * RFC 5280 section 5.2.3: conforming CAs include a non-critical cRLNumber, a non-negative integer
 * of at most 20 octets, so relying parties can tell which of two CRLs is newer.
 */
public final class CrlNumberLint implements CrlLint {

    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(159);

    @Override
    public String name() {
        return "e_crl_number";
    }

    @Override
    public Optional<String> check(CrlLintTarget target) {
        Extension ext = target.crl().getExtension(Extension.cRLNumber);
        if (ext == null) {
            return Optional.of("cRLNumber is missing");
        }
        if (ext.isCritical()) {
            return Optional.of("cRLNumber must not be critical");
        }
        BigInteger number = ASN1Integer.getInstance(ext.getParsedValue()).getValue();
        if (number.signum() < 0 || number.compareTo(LIMIT) >= 0) {
            return Optional.of("cRLNumber " + number + " is negative or longer than 20 octets");
        }
        return Optional.empty();
    }
}
