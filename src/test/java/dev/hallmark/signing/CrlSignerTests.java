package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.lint.CrlLinter;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlSignerTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    @TempDir
    static Path dir;

    static CertificateAuthorities authorities;
    static CrlSigner signer;

    @BeforeAll
    static void setUp() throws Exception {
        authorities = TestAuthorities.create(dir.resolve("ca"), KeyAlgorithm.EC_P256);
        signer = new CrlSigner(authorities, CrlLinter.rfc5280(),
                PublicationUrls.from(java.net.URI.create("http://localhost:8080")));
    }

    @Test
    void signWhenNoEntriesThenEmptyV2CrlWithNumberAndAuthorityKeyIdentifier() throws Exception {
        Path file = dir.resolve("empty.crl");
        SignedCrl signed = signer.sign(IssuerId.ISSUING, BigInteger.valueOf(7), NOW, NOW.plus(1, ChronoUnit.DAYS),
                CrlEntries.none(), file);

        X509CRLHolder crl = new X509CRLHolder(Files.readAllBytes(file));
        assertThat(signed.size()).isEqualTo(Files.size(file));
        assertThat(signed.entries()).isZero();
        assertThat(crl.isSignatureValid(verifier(IssuerId.ISSUING))).isTrue();
        assertThat(crl.getIssuer()).isEqualTo(authorities.certificate(IssuerId.ISSUING).getSubject());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(1, ChronoUnit.DAYS));
        assertThat(crl.getRevokedCertificates()).isEmpty();
        // RFC 5280 5.1.2.6: with no revoked certificates the list is absent, not empty
        assertThat(crl.toASN1Structure().getTBSCertList().getRevokedCertificates()).isEmpty();
        assertThat(org.bouncycastle.asn1.ASN1Sequence.getInstance(crl.toASN1Structure().getTBSCertList()
                .toASN1Primitive()).size()).isEqualTo(6); // version, signature, issuer, thisUpdate, nextUpdate, [0]
        assertThat(ASN1Integer.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getValue())
                .isEqualTo(7);
        byte[] ski = SubjectKeyIdentifier.fromExtensions(authorities.certificate(IssuerId.ISSUING).getExtensions())
                .getKeyIdentifier();
        assertThat(AuthorityKeyIdentifier.getInstance(crl.getExtension(Extension.authorityKeyIdentifier)
                .getParsedValue()).getKeyIdentifierOctets()).isEqualTo(ski);
        assertThat(crl.getEncoded()).isEqualTo(Files.readAllBytes(file));
        X509CRL jdk = jdkCrl(file);
        jdk.verify(authorities.jcaCertificate(IssuerId.ISSUING).getPublicKey());
    }

    @Test
    void signWhenEntriesThenEachHasSerialDateAndReasonButUnspecifiedHasNoReason() throws Exception {
        Path file = dir.resolve("entries.crl");
        Instant revoked = NOW.minus(3, ChronoUnit.HOURS);
        signer.sign(IssuerId.ISSUING, BigInteger.TWO, NOW, NOW.plus(1, ChronoUnit.DAYS), sink -> {
            sink.accept("4A3F0011", revoked, 1);
            sink.accept("80FF", revoked, 0);             // top bit set: needs a leading zero octet
            sink.accept("abc", revoked.plusSeconds(1), 4); // odd number of digits, lower case
            sink.accept("00000001", revoked, 9);
        }, file);

        X509CRLHolder crl = new X509CRLHolder(Files.readAllBytes(file));
        assertThat(crl.isSignatureValid(verifier(IssuerId.ISSUING))).isTrue();
        assertThat(crl.getRevokedCertificate(new BigInteger("4A3F0011", 16)).getRevocationDate().toInstant())
                .isEqualTo(revoked);
        assertThat(reason(crl.getRevokedCertificate(new BigInteger("4A3F0011", 16)))).isEqualTo(CRLReason.keyCompromise);
        assertThat(crl.getRevokedCertificate(new BigInteger("80FF", 16)).getExtensions()).isNull();
        assertThat(reason(crl.getRevokedCertificate(new BigInteger("ABC", 16)))).isEqualTo(CRLReason.superseded);
        assertThat(reason(crl.getRevokedCertificate(BigInteger.ONE))).isEqualTo(CRLReason.privilegeWithdrawn);
        X509CRL jdk = jdkCrl(file);
        jdk.verify(authorities.jcaCertificate(IssuerId.ISSUING).getPublicKey());
        assertThat(jdk.getRevokedCertificates()).hasSize(4);
        X509CRLEntry entry = jdk.getRevokedCertificate(new BigInteger("80FF", 16));
        assertThat(entry.getRevocationDate()).isEqualTo(Date.from(revoked));
        assertThat(entry.getRevocationReason()).isNull();
    }

    @Test
    void signWhenTwentyThousandEntriesThenAllListedAndSignatureValid() throws Exception {
        Path file = dir.resolve("large.crl");
        Random random = new Random(42);
        List<BigInteger> serials = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            serials.add(SerialNumbers.next());
        }
        SignedCrl signed = signer.sign(IssuerId.ISSUING, BigInteger.valueOf(1_000_000), NOW,
                NOW.plus(1, ChronoUnit.DAYS), sink -> {
                    for (BigInteger serial : serials) {
                        sink.accept(serial.toString(16), NOW.minusSeconds(random.nextInt(1_000_000)), random.nextInt(6));
                    }
                }, file);

        assertThat(signed.entries()).isEqualTo(20_000);
        X509CRL jdk = jdkCrl(file);
        jdk.verify(authorities.jcaCertificate(IssuerId.ISSUING).getPublicKey());
        assertThat(jdk.getRevokedCertificates()).hasSize(20_000);
        assertThat(jdk.getRevokedCertificate(serials.get(12_345))).isNotNull();
        X509CRLHolder crl = new X509CRLHolder(Files.readAllBytes(file));
        assertThat(crl.isSignatureValid(verifier(IssuerId.ISSUING))).isTrue();
    }

    @Test
    void signWhenRevokedAfter2049ThenGeneralizedTimeParses() throws Exception {
        Path file = dir.resolve("future.crl");
        Instant later = Instant.parse("2051-06-01T00:00:00Z");
        signer.sign(IssuerId.ISSUING, BigInteger.TEN, NOW, later.plusSeconds(60), sink -> sink.accept("01", later, 1),
                file);

        X509CRL jdk = jdkCrl(file);
        jdk.verify(authorities.jcaCertificate(IssuerId.ISSUING).getPublicKey());
        assertThat(jdk.getNextUpdate()).isEqualTo(Date.from(later.plusSeconds(60)));
        assertThat(jdk.getRevokedCertificate(BigInteger.ONE).getRevocationDate()).isEqualTo(Date.from(later));
    }

    @Test
    void signWhenRootThenSignedByRootKey() throws Exception {
        Path file = dir.resolve("root.crl");
        signer.sign(IssuerId.ROOT, BigInteger.ONE, NOW, NOW.plus(30, ChronoUnit.DAYS), CrlEntries.none(), file);

        X509CRLHolder crl = new X509CRLHolder(Files.readAllBytes(file));
        assertThat(crl.getIssuer()).isEqualTo(authorities.certificate(IssuerId.ROOT).getSubject());
        assertThat(crl.isSignatureValid(verifier(IssuerId.ROOT))).isTrue();
        assertThat(crl.isSignatureValid(verifier(IssuerId.ISSUING))).isFalse();
    }

    @Test
    void signWhenCompleteThenFreshestCrlNamesTheDeltaCrlAndDeltaCarriesACriticalIndicatorOfItsBase() throws Exception {
        Path completeFile = dir.resolve("complete.crl");
        Path deltaFile = dir.resolve("delta.crl");
        signer.sign(IssuerId.ISSUING, BigInteger.valueOf(10), NOW, NOW.plus(1, ChronoUnit.DAYS), CrlEntries.none(),
                completeFile);
        SignedCrl signed = signer.signDelta(IssuerId.ISSUING, BigInteger.valueOf(11), BigInteger.valueOf(10), NOW,
                NOW.plus(1, ChronoUnit.DAYS), sink -> sink.accept("0ABC", NOW, 1), deltaFile);

        X509CRLHolder complete = new X509CRLHolder(Files.readAllBytes(completeFile));
        X509CRLHolder delta = new X509CRLHolder(Files.readAllBytes(deltaFile));
        Extension freshest = complete.getExtension(Extension.freshestCRL);
        Extension indicator = delta.getExtension(Extension.deltaCRLIndicator);
        assertThat(freshest.isCritical()).isFalse();
        assertThat(org.bouncycastle.asn1.x509.CRLDistPoint.getInstance(freshest.getParsedValue()).toString())
                .contains("http://localhost:8080/crl/delta");
        assertThat(indicator.isCritical()).isTrue();
        assertThat(ASN1Integer.getInstance(indicator.getParsedValue()).getValue()).isEqualTo(BigInteger.TEN);
        assertThat(delta.getExtension(Extension.freshestCRL)).isNull();
        assertThat(delta.isSignatureValid(verifier(IssuerId.ISSUING))).isTrue();
        assertThat(signed.entries()).isOne();
        assertThat(delta.getRevokedCertificate(new BigInteger("0ABC", 16))).isNotNull();
        X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(Files.newInputStream(deltaFile));
        assertThat(jdk.getCriticalExtensionOIDs()).containsExactly(Extension.deltaCRLIndicator.getId());
    }

    @Test
    void signDeltaWhenNumberNotAboveItsBaseThenRefused() {
        assertThatThrownBy(() -> signer.signDelta(IssuerId.ISSUING, BigInteger.TEN, BigInteger.TEN, NOW,
                NOW.plus(1, ChronoUnit.DAYS), CrlEntries.none(), dir.resolve("bad-delta.crl")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above its base");
    }

    @Test
    void signWhenNextUpdateNotAfterThisUpdateThenRefusedByLintBeforeSigning() {
        Path file = dir.resolve("refused.crl");
        assertThatThrownBy(() -> signer.sign(IssuerId.ISSUING, BigInteger.ONE, NOW, NOW, CrlEntries.none(), file))
                .isInstanceOf(LintFailedException.class)
                .hasMessageContaining("e_crl_update_times: nextUpdate is not after thisUpdate");
        assertThat(file).doesNotExist();
    }

    @Test
    void writeHexIntegerWhenRandomSerialsThenSameBytesAsBouncyCastle() throws Exception {
        Random random = new Random(7);
        byte[] buffer = new byte[32];
        for (int i = 0; i < 5_000; i++) {
            BigInteger value = new BigInteger(1 + random.nextInt(159), random);
            int end = Der.writeHexInteger(buffer, 0, value.toString(16));
            assertThat(java.util.Arrays.copyOf(buffer, end)).isEqualTo(new ASN1Integer(value).getEncoded(ASN1Encoding.DER));
        }
    }

    private static int reason(X509CRLEntryHolder entry) {
        return CRLReason.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode)).getValue()
                .intValue();
    }

    private static org.bouncycastle.operator.ContentVerifierProvider verifier(IssuerId id) throws Exception {
        return new JcaContentVerifierProviderBuilder().build(authorities.certificate(id));
    }

    private static X509CRL jdkCrl(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }
}
