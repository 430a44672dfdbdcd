package dev.hallmark.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

class CrlDeltaLintTests {

    private final CrlDeltaLint lint = new CrlDeltaLint();

    @Test
    void checkWhenCompleteCrlWithNonCriticalFreshestCrlThenPasses() throws Exception {
        var b = CrlLintFixtures.valid();
        b.addExtension(Extension.freshestCRL, false, freshest());

        assertThat(lint.check(CrlLintFixtures.target(b))).isEmpty();
    }

    @Test
    void checkWhenFreshestCrlCriticalThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.addExtension(Extension.freshestCRL, true, freshest());

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("freshestCRL must not be critical");
    }

    @Test
    void checkWhenDeltaBasedOnALowerNumberThenPasses() throws Exception {
        var b = CrlLintFixtures.valid(); // its cRLNumber is 1
        b.replaceExtension(Extension.cRLNumber, false, new ASN1Integer(5));
        b.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(4));

        assertThat(lint.check(CrlLintFixtures.target(b))).isEmpty();
    }

    @Test
    void checkWhenDeltaIndicatorNotCriticalThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.replaceExtension(Extension.cRLNumber, false, new ASN1Integer(5));
        b.addExtension(Extension.deltaCRLIndicator, false, new ASN1Integer(4));

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("deltaCRLIndicator must be critical");
    }

    @Test
    void checkWhenDeltaBaseNotBelowItsOwnNumberThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.replaceExtension(Extension.cRLNumber, false, new ASN1Integer(5));
        b.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(5));

        assertThat(lint.check(CrlLintFixtures.target(b)))
                .hasValue("the base CRL number 5 is not below the delta CRL's own number");
    }

    @Test
    void checkWhenDeltaCarriesFreshestCrlThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.replaceExtension(Extension.cRLNumber, false, new ASN1Integer(5));
        b.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(4));
        b.addExtension(Extension.freshestCRL, false, freshest());

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("a delta CRL must not carry freshestCRL");
    }

    private static CRLDistPoint freshest() {
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "http://ca.example/crl/delta"))),
                null, null)});
    }
}
