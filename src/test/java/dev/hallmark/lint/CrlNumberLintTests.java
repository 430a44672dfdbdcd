package dev.hallmark.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

class CrlNumberLintTests {

    private final CrlNumberLint lint = new CrlNumberLint();

    @Test
    void checkWhenNumberPresentThenPasses() throws Exception {
        assertThat(lint.check(CrlLintFixtures.target(CrlLintFixtures.valid()))).isEmpty();
    }

    @Test
    void checkWhenNumberMissingThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.removeExtension(Extension.cRLNumber);

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("cRLNumber is missing");
    }

    @Test
    void checkWhenNumberCriticalThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.replaceExtension(Extension.cRLNumber, true, new ASN1Integer(1));

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("cRLNumber must not be critical");
    }

    @Test
    void checkWhenNumberNegativeThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.replaceExtension(Extension.cRLNumber, false, new ASN1Integer(-5));

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("cRLNumber -5 is negative or longer than 20 octets");
    }
}
