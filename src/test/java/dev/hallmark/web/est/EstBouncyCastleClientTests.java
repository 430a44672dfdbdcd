package dev.hallmark.web.est;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Pkcs12s;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.CSRAttributesResponse;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.HttpAuth;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.junit.jupiter.api.Test;

/**
 * Bouncy Castle's EST client (RFC 7030) against the running service: the protocol as a real client
 * speaks it, with an enrollment token over HTTP Basic and the device's certificate over TLS.
 */
class EstBouncyCastleClientTests extends ServiceTest {

    @Test
    void getCaCertsWhenAnonymousThenIssuingCaAndRoot() throws Exception {
        var response = est(null).getCACerts();
        X509CertificateHolder[] certs = ESTService.storeToArray(response.getCertificateStore());
        assertThat(certs).hasSize(2);
        assertThat(Arrays.stream(certs).map(c -> c.getSubject().toString()))
                .containsExactlyInAnyOrder("CN=Hallmark Issuing CA,O=Hallmark", "CN=Hallmark Root CA,O=Hallmark");
        assertThat(Arrays.stream(certs).anyMatch(c -> encoded(c).length > 0 && Arrays.equals(encoded(c), rootDer())))
                .isTrue();
    }

    @Test
    void simpleEnrollWhenTokenThenCertificateWithCsrNamesAndTokenUsed() throws Exception {
        Tokens.Token token = Tokens.device(client(), "bc-sensor-1");
        TestCsrs csr = TestCsrs.csr().subject("CN=bc-sensor-1");

        EnrollmentResponse response = est(null).simpleEnroll(false, csr.build(),
                new HttpAuth(token.id(), token.token().toCharArray()));

        X509Certificate issued = only(response);
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=bc-sensor-1");
        assertThat(issued.getIssuerX500Principal().getName()).contains("CN=Hallmark Issuing CA");
        assertThat(issued.getPublicKey()).isEqualTo(csr.keys().getPublic());
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("used");
    }

    @Test
    void simpleReenrollWhenCurrentCertificateAsTlsClientThenSameSubjectNewKey() throws Exception {
        Tokens.Token token = Tokens.device(client(), "bc-sensor-2");
        TestCsrs first = TestCsrs.csr().subject("CN=bc-sensor-2");
        X509Certificate current = only(est(null).simpleEnroll(false, first.build(),
                new HttpAuth(token.id(), token.token().toCharArray())));

        TestCsrs rekey = TestCsrs.csr().subject("CN=bc-sensor-2");
        EnrollmentResponse response = est(keyManagers(first.keys(), current)).simpleEnroll(true, rekey.build(), null);

        X509Certificate renewed = only(response);
        assertThat(renewed.getSubjectX500Principal()).isEqualTo(current.getSubjectX500Principal());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(current.getSerialNumber());
        assertThat(renewed.getPublicKey()).isEqualTo(rekey.keys().getPublic());
    }

    @Test
    void getCsrAttributesThenEcP256WithEcdsaSha256() throws Exception {
        CSRAttributesResponse attributes = est(null).getCSRAttributes().getAttributesResponse();
        assertThat(attributes.getRequirements()).contains(X9ObjectIdentifiers.ecdsa_with_SHA256,
                X9ObjectIdentifiers.id_ecPublicKey);
        assertThat(attributes.isAttribute(X9ObjectIdentifiers.id_ecPublicKey)).isTrue();
    }

    @Test
    void serverKeygenWhenTokenThenPrivateKeyMatchingTheCertificate() throws Exception {
        Tokens.Token token = Tokens.device(client(), "bc-keygen-1");
        EnrollmentResponse response = est(null).simpleEnrollWithServersideCreation(
                TestCsrs.csr().subject("CN=bc-keygen-1").build(), new HttpAuth(token.id(), token.token().toCharArray()));

        X509Certificate issued = only(response);
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=bc-keygen-1");
        assertThat(response.getPrivateKeyInfo()).isNotNull();
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(response.getPrivateKeyInfo().getEncoded()));
        byte[] message = "proof".getBytes();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(issued.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void simpleEnrollWhenWrongBasicPasswordThenRefused401AndNothingIssued() throws Exception {
        Tokens.Token token = Tokens.device(client(), "bc-wrong-1");
        Throwable failure = catchThrowable(() -> est(null).simpleEnroll(false,
                TestCsrs.csr().subject("CN=bc-wrong-1").build(), new HttpAuth(token.id(), "not-the-token".toCharArray())));
        assertThat(failure).isInstanceOf(IOException.class);

        HallmarkClient c = client();
        var direct = HallmarkClient.send(c.anonymous(), HttpRequest.newBuilder(c.https("/.well-known/est/simpleenroll"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString((token.id() + ":" + token.id() + ".wrong").getBytes()))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofString("MIIB")).build());
        assertThat(direct.statusCode()).isEqualTo(401);
        assertThat(direct.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"hallmark-est\"");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("unused");
        var issued = c.get(c.admin(), "/api/v1/certificates?q=bc-wrong-1", "application/json");
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(dev.hallmark.support.Json.parse(issued.body()).get("totalItems").asLong()).isZero();
    }

    private ESTService est(KeyManager[] keyManagers) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", client().root());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        JsseESTServiceBuilder builder = new JsseESTServiceBuilder("localhost:" + httpsPort,
                (X509TrustManager) tmf.getTrustManagers()[0]);
        if (keyManagers != null) {
            builder.withKeyManagers(keyManagers);
        }
        return builder.build();
    }

    private static KeyManager[] keyManagers(KeyPair keys, X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("device", keys.getPrivate(), Pkcs12s.PASSWORD, new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, Pkcs12s.PASSWORD);
        return kmf.getKeyManagers();
    }

    private static X509Certificate only(EnrollmentResponse response) throws Exception {
        assertThat(response.isCompleted()).isTrue();
        List<X509CertificateHolder> certs = List.of(ESTService.storeToArray(response.getStore()));
        assertThat(certs).hasSize(1);
        return new JcaX509CertificateConverter().getCertificate(certs.get(0));
    }

    private byte[] rootDer() {
        try {
            return client().root().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
