package dev.hallmark.lint;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;

/**
 * RFC 5280 sections 5.2.4 and 5.2.6: a delta CRL carries a critical Delta CRL Indicator naming a
 * complete CRL numbered below its own, and no Freshest CRL (that points from complete CRLs to
 * deltas); a Freshest CRL on a complete CRL is not critical.
 */
public final class CrlDeltaLint implements CrlLint {

    @Override
    public String name() {
        return "e_crl_delta";
    }

    @Override
    public Optional<String> check(CrlLintTarget target) {
        Extension indicator = target.crl().getExtension(Extension.deltaCRLIndicator);
        Extension freshest = target.crl().getExtension(Extension.freshestCRL);
        if (indicator == null) {
            return freshest != null && freshest.isCritical() ? Optional.of("freshestCRL must not be critical")
                    : Optional.empty();
        }
        if (!indicator.isCritical()) {
            return Optional.of("deltaCRLIndicator must be critical");
        }
        if (freshest != null) {
            return Optional.of("a delta CRL must not carry freshestCRL");
        }
        Extension number = target.crl().getExtension(Extension.cRLNumber);
        BigInteger base = ASN1Integer.getInstance(indicator.getParsedValue()).getValue();
        if (number != null && base.compareTo(ASN1Integer.getInstance(number.getParsedValue()).getValue()) >= 0) {
            return Optional.of("the base CRL number " + base + " is not below the delta CRL's own number");
        }
        return Optional.empty();
    }
}
