package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.CA;
import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class ExtendedKeyUsageLintTests {

    private final ExtendedKeyUsageLint lint = new ExtendedKeyUsageLint();

    @Test
    void checkWhenServerAuthWithDnsNameThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenServerAuthWithOnlyAnIpAddressThenPasses() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "192.0.2.7")));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenClientAuthWithoutSanThenPasses() {
        var leaf = leaf().without(Extension.subjectAlternativeName)
                .extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenCaHasNoExtendedKeyUsageThenPasses() {
        assertThat(lint.check(new LintTarget(CA, CA))).isEmpty();
    }

    @Test
    void checkWhenEndEntityHasNoExtendedKeyUsageThenFails() {
        assertThat(lint.check(leaf().without(Extension.extendedKeyUsage).target()))
                .hasValue("extendedKeyUsage is missing on an end-entity certificate");
    }

    @Test
    void checkWhenEndEntityHasAnyExtendedKeyUsageThenFails() {
        var leaf = leaf().extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_clientAuth, KeyPurposeId.anyExtendedKeyUsage}));
        assertThat(lint.check(leaf.target())).hasValue("anyExtendedKeyUsage on an end-entity certificate");
    }

    @Test
    void checkWhenServerAuthHasOnlyAnEmailNameThenFails() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, "ops@web.example")));
        assertThat(lint.check(leaf.target()))
                .hasValue("serverAuth certificate without a dNSName or iPAddress subjectAltName");
    }

    @Test
    void checkWhenServerAuthHasNoSanThenFails() {
        assertThat(lint.check(leaf().without(Extension.subjectAlternativeName).target()))
                .hasValue("serverAuth certificate without a dNSName or iPAddress subjectAltName");
    }
}
