package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.CA;
import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class BasicConstraintsLintTests {

    private final BasicConstraintsLint lint = new BasicConstraintsLint();

    @Test
    void checkWhenEndEntityHasCriticalCaFalseThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenCaHasKeyCertSignThenPasses() {
        assertThat(lint.check(new LintTarget(CA, CA))).isEmpty();
    }

    @Test
    void checkWhenBasicConstraintsIsMissingThenFails() {
        assertThat(lint.check(leaf().without(Extension.basicConstraints).target()))
                .hasValue("basicConstraints is missing");
    }

    @Test
    void checkWhenBasicConstraintsIsNotCriticalThenFails() {
        var leaf = leaf().extension(Extension.basicConstraints, false, new BasicConstraints(false));
        assertThat(lint.check(leaf.target())).hasValue("basicConstraints is not critical");
    }

    @Test
    void checkWhenEndEntityHasKeyCertSignThenFails() {
        var leaf = leaf().extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
        assertThat(lint.check(leaf.target())).hasValue("keyCertSign is set on a certificate that is not a CA");
    }

    @Test
    void checkWhenCaLacksKeyCertSignThenFails() {
        var leaf = leaf().extension(Extension.basicConstraints, true, new BasicConstraints(true));
        assertThat(lint.check(leaf.target())).hasValue("a CA certificate lacks keyCertSign");
    }

    @Test
    void checkWhenEndEntityHasPathLenConstraintThenFails() {
        // SEQUENCE { INTEGER 0 }: cA absent (false) yet a path length
        var leaf = leaf().extension(Extension.basicConstraints, true, new DERSequence(new ASN1Integer(0)));
        assertThat(lint.check(leaf.target())).hasValue("pathLenConstraint is set on a certificate that is not a CA");
    }
}
