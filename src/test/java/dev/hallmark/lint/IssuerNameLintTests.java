package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

class IssuerNameLintTests {

    private final IssuerNameLint lint = new IssuerNameLint();

    @Test
    void checkWhenIssuerIsTheIssuersSubjectThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenIssuerIsAnotherNameThenFails() {
        var leaf = leaf().issuer(new X500Name("CN=Someone Else"));
        assertThat(lint.check(leaf.target())).hasValue("issuer name is not the issuer's subject, byte for byte");
    }

    @Test
    void checkWhenIssuerIsTheSameNameInAnotherStringTypeThenFails() {
        // equal under X.500 comparison (PrintableString vs the CA's UTF8String) but not byte for byte
        X500Name printable = new X500Name(new RDN[] {
            new RDN(BCStyle.CN, new DERPrintableString("Test Issuing CA")),
            new RDN(BCStyle.O, new DERPrintableString("Hallmark Tests"))});
        assertThat(printable).isEqualTo(TestCertificates.CA_NAME);
        assertThat(lint.check(leaf().issuer(printable).target()))
                .hasValue("issuer name is not the issuer's subject, byte for byte");
    }

    @Test
    void checkWhenOuterSignatureAlgorithmDiffersFromTbsThenFails() {
        Certificate signed = leaf().build().toASN1Structure();
        Certificate tampered = Certificate.getInstance(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            signed.getTBSCertificate(), new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384),
            signed.getSignature()}));
        var target = TestCertificates.target(new X509CertificateHolder(tampered));
        assertThat(lint.check(target)).hasValue("signature algorithm differs between the certificate and its TBS");
    }
}
