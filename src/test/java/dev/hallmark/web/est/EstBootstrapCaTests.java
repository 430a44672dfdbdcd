package dev.hallmark.web.est;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.config.WebServerConfiguration;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Pkcs12s;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A first EST enrollment with a manufacturer (bootstrap CA) certificate, in a service of its own
 * configured with {@code hallmark.est.bootstrap-ca-file}: the TLS handshake accepts the chain, EST
 * validates it and binds the new certificate to the manufacturer certificate's common name, and
 * the REST API still refuses that certificate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hallmark.http.port=0",
    "hallmark.ca.kdf-iterations=10000",
    "logging.level.dev.hallmark.audit=warn"
})
class EstBootstrapCaTests {

    private static final Path DATA_DIR = ServiceTest.newDataDir("est-bootstrap");
    private static final KeyPair MANUFACTURER_KEYS = TestCsrs.ecKey("secp256r1");
    private static final X509Certificate MANUFACTURER = certificate("CN=Acme Manufacturing CA", MANUFACTURER_KEYS,
            "CN=Acme Manufacturing CA", MANUFACTURER_KEYS, true);

    @LocalServerPort
    int httpsPort;

    @Autowired
    WebServerConfiguration.PlainHttpPort plainHttpPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hallmark.data-dir", DATA_DIR::toString);
        registry.add("hallmark.est.bootstrap-ca-file", () -> writePem(DATA_DIR.resolve("manufacturer-ca.pem")));
    }

    @Test
    void simpleEnrollWhenManufacturerCertificateThenCertificateOfThisCaWithSameCommonName() throws Exception {
        HttpClient device = deviceClient("CN=SN-1001");
        var response = enroll(device, TestCsrs.csr().subject("CN=SN-1001").build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pkcs7-mime;smime-type=certs-only");
        var issued = new org.bouncycastle.cms.CMSSignedData(Base64.getMimeDecoder().decode(response.body()))
                .getCertificates().getMatches(null);
        assertThat(issued).hasSize(1);
        var certificate = issued.iterator().next();
        assertThat(certificate.getSubject().toString()).isEqualTo("CN=SN-1001");
        assertThat(certificate.getIssuer().toString()).contains("CN=Hallmark Issuing CA");
    }

    @Test
    void simpleEnrollWhenOtherCommonNameThanManufacturerCertificateThen403() {
        var response = enroll(deviceClient("CN=SN-1002"), TestCsrs.csr().subject("CN=SN-9999").build());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("common name 'SN-9999' is not the one this credential allows ('SN-1002')\n");
    }

    @Test
    void restApiWhenManufacturerCertificateThen401() {
        HallmarkClient c = new HallmarkClient(DATA_DIR, httpsPort, plainHttpPort.port());
        var response = c.issue(deviceClient("CN=SN-1003"), TestCsrs.csr().subject("CN=SN-1003").pem(), "profile=device");
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void restApiWhenManufacturerCertificateThen401SayingItIsNotOfThisCa() {
        HallmarkClient c = new HallmarkClient(DATA_DIR, httpsPort, plainHttpPort.port());
        HttpClient device = deviceClient("CN=SN-1004");
        for (var response : java.util.List.of(c.get(device, "/api/v1/certificates", "application/json"),
                c.get(device, "/actuator/env", "application/json"))) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.parse(response.body()).get("detail").asText())
                    .isEqualTo("the client certificate was not issued by this CA");
        }
    }

    @Test
    void restApiWhenManufacturerCertificateAndBearerTokenThenTheTokenIssues() {
        HallmarkClient c = new HallmarkClient(DATA_DIR, httpsPort, plainHttpPort.port());
        Tokens.Token token = Tokens.device(c, "SN-1005");
        var response = HallmarkClient.send(deviceClient("CN=SN-1005"), HttpRequest.newBuilder(
                c.https("/api/v1/certificates")).header("Content-Type", "application/pkcs10")
                .header("Authorization", "Bearer " + token.token())
                .POST(HttpRequest.BodyPublishers.ofString(TestCsrs.csr().subject("CN=SN-1005").pem())).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(Tokens.state(c, token.id())).isEqualTo("used");
    }

    private java.net.http.HttpResponse<String> enroll(HttpClient device,
            org.bouncycastle.pkcs.PKCS10CertificationRequest csr) {
        HallmarkClient c = new HallmarkClient(DATA_DIR, httpsPort, plainHttpPort.port());
        try {
            return HallmarkClient.send(device, HttpRequest.newBuilder(c.https("/.well-known/est/simpleenroll"))
                    .header("Content-Type", "application/pkcs10").header("Content-Transfer-Encoding", "base64")
                    .POST(HttpRequest.BodyPublishers.ofString(Base64.getMimeEncoder().encodeToString(csr.getEncoded())))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client presenting a manufacturer certificate for the subject (leaf and manufacturer CA). */
    private HttpClient deviceClient(String subject) {
        try {
            KeyPair keys = TestCsrs.ecKey("secp256r1");
            X509Certificate leaf = certificate("CN=Acme Manufacturing CA", MANUFACTURER_KEYS, subject, keys, false);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("idevid", keys.getPrivate(), Pkcs12s.PASSWORD, new X509Certificate[] {leaf, MANUFACTURER});
            return new HallmarkClient(DATA_DIR, httpsPort, plainHttpPort.port()).withKeyStore(store, Pkcs12s.PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String issuer, KeyPair issuerKeys, String subject, KeyPair keys,
            boolean ca) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(3650, ChronoUnit.DAYS)),
                    new X500Name(subject), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String writePem(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
                writer.writeObject(MANUFACTURER);
            }
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
