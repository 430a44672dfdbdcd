package dev.hallmark.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.TestCsrs;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which client certificates count as a bootstrap (manufacturer) identity for a first EST enrollment. */
class BootstrapCaTrustTests {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final KeyPair caKeys = TestCsrs.ecKey("secp256r1");
    private final X509Certificate manufacturer = certificate("CN=Acme Manufacturing CA", caKeys, "CN=Acme Manufacturing CA",
            caKeys, true, NOW.minus(365, ChronoUnit.DAYS), NOW.plus(3650, ChronoUnit.DAYS));

    @Test
    void refusalWhenDeviceCertificateOfConfiguredCaThenAccepted() throws Exception {
        BootstrapCaTrust trust = BootstrapCaTrust.load(pem(manufacturer), CLOCK);
        X509Certificate device = device("CN=SN-0001", NOW.plus(1, ChronoUnit.DAYS));
        assertThat(trust.configured()).isTrue();
        assertThat(trust.refusal(new X509Certificate[] {device})).isEmpty();
        assertThat(trust.refusal(new X509Certificate[] {device, manufacturer})).isEmpty();
        assertThat(trust.anchorHolders()).hasSize(1);
    }

    @Test
    void refusalWhenOtherCaThenRefused() {
        BootstrapCaTrust trust = new BootstrapCaTrust(java.util.List.of(manufacturer), CLOCK);
        KeyPair otherKeys = TestCsrs.ecKey("secp256r1");
        X509Certificate foreign = certificate("CN=Acme Manufacturing CA", otherKeys, "CN=SN-0002",
                TestCsrs.ecKey("secp256r1"), false, NOW.minus(1, ChronoUnit.DAYS), NOW.plus(1, ChronoUnit.DAYS));
        assertThat(trust.refusal(new X509Certificate[] {foreign})).hasValueSatisfying(r ->
                assertThat(r).startsWith("the client certificate does not chain to a configured bootstrap CA"));
    }

    @Test
    void refusalWhenExpiredThenRefused() {
        BootstrapCaTrust trust = new BootstrapCaTrust(java.util.List.of(manufacturer), CLOCK);
        X509Certificate expired = device("CN=SN-0003", NOW.minus(1, ChronoUnit.DAYS));
        assertThat(trust.refusal(new X509Certificate[] {expired})).isPresent();
    }

    @Test
    void refusalWhenTheCaItselfOrNothingThenRefused() {
        BootstrapCaTrust trust = new BootstrapCaTrust(java.util.List.of(manufacturer), CLOCK);
        assertThat(trust.refusal(new X509Certificate[] {manufacturer})).hasValue("a CA certificate is not a device identity");
        assertThat(trust.refusal(new X509Certificate[0])).hasValue("no client certificate was presented");
    }

    @Test
    void refusalWhenNoBootstrapCaConfiguredThenRefused() {
        BootstrapCaTrust none = BootstrapCaTrust.none(CLOCK);
        assertThat(none.configured()).isFalse();
        assertThat(none.refusal(new X509Certificate[] {device("CN=SN-0004", NOW.plus(1, ChronoUnit.DAYS))}))
                .hasValue("no bootstrap CA is configured on this server (hallmark.est.bootstrap-ca-file)");
    }

    private X509Certificate device(String subject, Instant notAfter) {
        return certificate("CN=Acme Manufacturing CA", caKeys, subject, TestCsrs.ecKey("secp256r1"), false,
                NOW.minus(30, ChronoUnit.DAYS), notAfter);
    }

    private static X509Certificate certificate(String issuer, KeyPair issuerKeys, String subject, KeyPair subjectKeys,
            boolean ca, Instant notBefore, Instant notAfter) {
        try {
            var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject), subjectKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path pem(X509Certificate certificate) throws Exception {
        Path file = dir.resolve("bootstrap-ca.pem");
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(certificate);
        }
        return file;
    }
}
