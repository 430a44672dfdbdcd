package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.CA;
import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class KeyUsageLintTests {

    private static final KeyPair RSA = TestCertificates.generate("RSA", 2048);
    private static final KeyPair ED25519 = TestCertificates.generate("Ed25519", 0);

    private final KeyUsageLint lint = new KeyUsageLint();

    @Test
    void checkWhenCriticalDigitalSignatureOnEcKeyThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenRsaKeyHasKeyEnciphermentThenPasses() {
        var leaf = leaf().keys(RSA).extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenEcKeyHasKeyAgreementThenPasses() {
        var leaf = leaf().extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenEd25519KeySignsThenPasses() {
        var leaf = leaf().keys(ED25519).extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenCaHasKeyCertSignAndCrlSignThenPasses() {
        assertThat(lint.check(new LintTarget(CA, CA))).isEmpty();
    }

    @Test
    void checkWhenKeyUsageIsMissingThenFails() {
        assertThat(lint.check(leaf().without(Extension.keyUsage).target())).hasValue("keyUsage is missing");
    }

    @Test
    void checkWhenKeyUsageIsNotCriticalThenFails() {
        var leaf = leaf().extension(Extension.keyUsage, false, new KeyUsage(KeyUsage.digitalSignature));
        assertThat(lint.check(leaf.target())).hasValue("keyUsage is not critical");
    }

    @Test
    void checkWhenKeyUsageHasNoBitSetThenFails() {
        var leaf = leaf().extension(Extension.keyUsage, true, new DERBitString(new byte[0], 0));
        assertThat(lint.check(leaf.target())).hasValue("keyUsage has no bit set");
    }

    @Test
    void checkWhenKeyUsageIsAZeroOctetThenFails() {
        var leaf = leaf().extension(Extension.keyUsage, true, new DERBitString(new byte[] {0}, 0));
        assertThat(lint.check(leaf.target())).hasValue("keyUsage has no bit set");
    }

    @Test
    void checkWhenEcKeyHasKeyEnciphermentThenFails() {
        var leaf = leaf().extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        assertThat(lint.check(leaf.target())).hasValue("keyEncipherment or dataEncipherment on an EC key");
    }

    @Test
    void checkWhenEcKeyHasDataEnciphermentThenFails() {
        var leaf = leaf().extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.dataEncipherment));
        assertThat(lint.check(leaf.target())).hasValue("keyEncipherment or dataEncipherment on an EC key");
    }

    @Test
    void checkWhenEd25519KeyHasKeyEnciphermentThenFails() {
        var leaf = leaf().keys(ED25519).extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        assertThat(lint.check(leaf.target()))
                .hasValue("keyUsage on an Ed25519 key allows only digitalSignature, nonRepudiation, keyCertSign and cRLSign");
    }

    @Test
    void checkWhenEd25519KeyHasKeyAgreementThenFails() {
        var leaf = leaf().keys(ED25519).extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        assertThat(lint.check(leaf.target()))
                .hasValue("keyUsage on an Ed25519 key allows only digitalSignature, nonRepudiation, keyCertSign and cRLSign");
    }

    @Test
    void checkWhenCrlSignWithoutKeyCertSignThenFails() {
        var leaf = leaf().extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign));
        assertThat(lint.check(leaf.target())).hasValue("cRLSign without keyCertSign on a certificate that is not a CA");
    }
}
