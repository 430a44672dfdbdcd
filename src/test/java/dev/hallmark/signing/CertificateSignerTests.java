package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.lint.LintFailure;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateSignerTests {

    private static final GeneralNames WEB = new GeneralNames(new GeneralName(GeneralName.dNSName, "leaf.example"));

    @TempDir
    static Path dir;

    private static CertificateAuthorities cas;
    private static CertificateSigner signer;

    @BeforeAll
    static void createCa() {
        cas = CaKeyStoreTests.newCa(dir, KeyAlgorithm.EC_P256).load();
        signer = signer(cas);
    }

    static CertificateSigner signer(CertificateAuthorities cas) {
        return new CertificateSigner(cas, CaKeyStoreTests.URLS, CertificateLinter.rfc5280());
    }

    /** A valid serverAuth leaf for {@code CN=leaf.example}, issued through prepare and issue. */
    static X509CertificateHolder issue(CertificateAuthorities cas, SubjectPublicKeyInfo key) {
        CertificateSigner s = signer(cas);
        return s.issue(s.prepare(template(key, WEB, SerialNumbers.next())));
    }

    static SubjectPublicKeyInfo spki(KeyPair keys) {
        return SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    }

    private static CertificateTemplate template(SubjectPublicKeyInfo key, GeneralNames sans, BigInteger serial) {
        return template(new X500Name("CN=leaf.example"), key, sans, serial, KeyUsage.digitalSignature,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(30)));
    }

    private static CertificateTemplate template(X500Name subject, SubjectPublicKeyInfo key, GeneralNames sans,
            BigInteger serial, int keyUsage, Instant notAfter) {
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        return CertificateTemplate.endEntity(IssuerId.ISSUING, serial, subject, key, notBefore, notAfter, sans, keyUsage,
                List.of(KeyPurposeId.id_kp_serverAuth));
    }

    @Test
    void issueWhenPreparedThenSignedByTheIssuingCaWithTheLintedTbs() throws Exception {
        PreparedCertificate prepared = signer.prepare(template(spki(KeyAlgorithm.EC_P256.generate()), WEB, SerialNumbers.next()));
        X509CertificateHolder issued = signer.issue(prepared);

        assertThat(issued.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(cas.jcaCertificate(IssuerId.ISSUING).getPublicKey()))).isTrue();
        assertThat(prepared.lintedCertificate().isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(cas.jcaCertificate(IssuerId.ISSUING).getPublicKey()))).isFalse();
        assertThat(issued.toASN1Structure().getTBSCertificate().getEncoded())
                .isEqualTo(prepared.lintedCertificate().toASN1Structure().getTBSCertificate().getEncoded());
        assertThat(issued.getIssuer()).isEqualTo(cas.certificate(IssuerId.ISSUING).getSubject());
    }

    @Test
    void issueWhenIssuedThenCarriesTheExtensionsEveryCertificateNeeds() {
        X509CertificateHolder issued = issue(cas, spki(KeyAlgorithm.EC_P256.generate()));
        var extensions = issued.getExtensions();
        assertThat(extensions.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        assertThat(BasicConstraints.fromExtensions(extensions).isCA()).isFalse();
        assertThat(extensions.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(ExtendedKeyUsage.fromExtensions(extensions).getUsages()).containsExactly(KeyPurposeId.id_kp_serverAuth);
        assertThat(extensions.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(extensions.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
        assertThat(extensions.getExtension(Extension.subjectAlternativeName).isCritical()).isFalse();
        assertThat(CRLDistPoint.fromExtensions(extensions).getDistributionPoints()[0].getDistributionPoint().getName())
                .hasToString(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                        "http://ca.example:8080/crl")).toString());
        assertThat(AuthorityInformationAccess.fromExtensions(extensions).getAccessDescriptions())
                .extracting(d -> d.getAccessLocation().getName().toString())
                .containsExactly("http://ca.example:8080/ocsp", "http://ca.example:8080/ca/issuer.crt");
    }

    @Test
    void issueWhenSubjectIsEmptyThenSanIsCritical() {
        CertificateTemplate t = template(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                spki(KeyAlgorithm.EC_P256.generate()), WEB, SerialNumbers.next(), KeyUsage.digitalSignature,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(signer.issue(signer.prepare(t)).getExtensions().getExtension(Extension.subjectAlternativeName).isCritical())
                .isTrue();
    }

    @Test
    void issueWhenSubjectKeyIsEd25519OrRsaThenIssues() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519", dev.hallmark.crypto.CryptoProviders.bouncyCastle()).generateKeyPair();
        assertThat(issue(cas, spki(ed)).getSubjectPublicKeyInfo()).isEqualTo(spki(ed));
        KeyPair rsa = KeyAlgorithm.RSA_2048.generate();
        CertificateTemplate t = template(new X500Name("CN=leaf.example"), spki(rsa), WEB, SerialNumbers.next(),
                KeyUsage.digitalSignature | KeyUsage.keyEncipherment, Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(signer.issue(signer.prepare(t)).getSubjectPublicKeyInfo()).isEqualTo(spki(rsa));
    }

    @Test
    void issueWhenPreparedCertificateIsRedeemedTwiceThenRefuses() {
        PreparedCertificate prepared = signer.prepare(template(spki(KeyAlgorithm.EC_P256.generate()), WEB, SerialNumbers.next()));
        signer.issue(prepared);
        assertThatThrownBy(() -> signer.issue(prepared))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a prepared certificate can be issued only once");
    }

    @Test
    void prepareWhenSerialIsTooShortThenLintFailsAndNothingIsPrepared() {
        assertThatThrownBy(() -> signer.prepare(template(spki(KeyAlgorithm.EC_P256.generate()), WEB, BigInteger.valueOf(42))))
                .isInstanceOfSatisfying(LintFailedException.class, e -> assertThat(e.failures())
                        .containsExactly(new LintFailure("e_serial_number", "serial number has fewer than 64 bits")))
                .hasMessage("certificate failed lints: [e_serial_number: serial number has fewer than 64 bits]");
    }

    @Test
    void prepareWhenServerAuthWithoutAHostNameThenLintFails() {
        assertThatThrownBy(() -> signer.prepare(template(spki(KeyAlgorithm.EC_P256.generate()), null, SerialNumbers.next())))
                .isInstanceOfSatisfying(LintFailedException.class, e -> assertThat(e.failures()).containsExactly(
                        new LintFailure("e_extended_key_usage", "serverAuth certificate without a dNSName or iPAddress subjectAltName")));
    }

    @Test
    void prepareWhenEcKeyGetsKeyEnciphermentThenLintFails() {
        CertificateTemplate t = template(new X500Name("CN=leaf.example"), spki(KeyAlgorithm.EC_P256.generate()), WEB,
                SerialNumbers.next(), KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        assertThatThrownBy(() -> signer.prepare(t))
                .isInstanceOfSatisfying(LintFailedException.class, e -> assertThat(e.failures()).containsExactly(
                        new LintFailure("e_key_usage", "keyEncipherment or dataEncipherment on an EC key")));
    }

    @Test
    void prepareWhenCertificateWouldOutliveTheIssuingCaThenLintFails() {
        Instant beyond = cas.certificate(IssuerId.ISSUING).getNotAfter().toInstant().plus(Duration.ofDays(1));
        CertificateTemplate t = template(new X500Name("CN=leaf.example"), spki(KeyAlgorithm.EC_P256.generate()), WEB,
                SerialNumbers.next(), KeyUsage.digitalSignature, beyond);
        assertThatThrownBy(() -> signer.prepare(t))
                .isInstanceOfSatisfying(LintFailedException.class, e -> assertThat(e.failures())
                        .extracting(LintFailure::lint).containsExactly("e_validity_period"));
    }

    @Test
    void issueWhenCaIsRsaThenLintsWithAnRsaThrowawayKeyAndIssues(@TempDir Path rsaDir) throws Exception {
        CertificateAuthorities rsa = CaKeyStoreTests.newCa(rsaDir, KeyAlgorithm.RSA_2048).load();
        X509CertificateHolder issued = issue(rsa, spki(KeyAlgorithm.EC_P256.generate()));
        assertThat(issued.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(rsa.jcaCertificate(IssuerId.ISSUING).getPublicKey()))).isTrue();
    }

    @Test
    void prepareWhenCaIsRsa2048ThenLintedCopyHasTheSameTbsButAThrowawaySignature(@TempDir Path rsaDir) throws Exception {
        CertificateAuthorities rsa = CaKeyStoreTests.newCa(rsaDir, KeyAlgorithm.RSA_2048).load();
        CertificateSigner rsaSigner = new CertificateSigner(rsa, CaKeyStoreTests.URLS, CertificateLinter.rfc5280());
        PreparedCertificate prepared = rsaSigner.prepare(template(spki(KeyAlgorithm.EC_P256.generate()), WEB,
                SerialNumbers.next()));
        X509CertificateHolder linted = prepared.lintedCertificate();

        X509CertificateHolder issued = rsaSigner.issue(prepared);

        assertThat(issued.toASN1Structure().getTBSCertificate().getEncoded())
                .isEqualTo(linted.toASN1Structure().getTBSCertificate().getEncoded());
        assertThat(linted.getSignature()).hasSize(ThrowawaySigners.RSA_BITS / 8);
        assertThat(issued.getSignature()).hasSize(256);
    }
}
