package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.CA;
import static dev.hallmark.lint.TestCertificates.NOW;
import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CertificateLinterTests {

    private final CertificateLinter linter = CertificateLinter.rfc5280();

    @Test
    void lintWhenLeafIsValidThenReportsNothing() {
        assertThat(linter.lint(leaf().target())).isEmpty();
    }

    @Test
    void lintWhenRootIsValidThenReportsNothing() {
        assertThat(linter.lint(new LintTarget(CA, CA))).isEmpty();
    }

    @Test
    void lintWhenSeveralLintsFailThenReportsEachByName() {
        var leaf = leaf().serial(BigInteger.ONE).without(Extension.keyUsage).without(Extension.authorityInfoAccess);
        assertThat(linter.lint(leaf.target())).containsExactly(
                new LintFailure("e_serial_number", "serial number has fewer than 64 bits"),
                new LintFailure("e_key_usage", "keyUsage is missing"),
                new LintFailure("e_revocation_pointers", "authorityInfoAccess is missing"));
    }

    @Test
    void lintWhenCertificateHasNoExtensionsThenReportsOnlyThat() throws Exception {
        var builder = new X509v3CertificateBuilder(TestCertificates.CA_NAME, BigInteger.ONE.shiftLeft(100),
                Date.from(NOW), Date.from(NOW.plusSeconds(3600)), new X500Name("CN=bare"),
                SubjectPublicKeyInfo.getInstance(TestCertificates.LEAF_KEYS.getPublic().getEncoded()));
        var bare = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(TestCertificates.CA_KEYS.getPrivate()));
        assertThat(linter.lint(TestCertificates.target(bare)))
                .containsExactly(new LintFailure("e_ext_missing", "a v3 certificate without extensions"));
    }

    @Test
    void lintFailureWhenPrintedThenShowsLintAndDetail() {
        assertThat(new LintFailure("e_key_usage", "keyUsage is missing")).hasToString("e_key_usage: keyUsage is missing");
    }
}
