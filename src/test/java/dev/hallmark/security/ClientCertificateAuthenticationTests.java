package dev.hallmark.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Pkcs12s;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Who may call the REST API: administrators by client certificate of this CA, checked on every
 * request (chain, validity, store, revocation, role); everyone else is refused with 401 or 403.
 */
class ClientCertificateAuthenticationTests extends ServiceTest {

    @Test
    void listWhenNoClientCertificateThen401Problem() {
        var response = client().get(client().anonymous(), "/api/v1/certificates", "application/json");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(response.body()).get("title").asText()).isEqualTo("A client certificate of this CA is required");
    }

    @Test
    void listWhenAdministratorThen200() {
        var response = client().get(client().admin(), "/api/v1/certificates", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.parse(response.body()).get("totalItems").asLong()).isPositive();
    }

    @Test
    void listWhenPlainClientCertificateOfThisCaThen403() {
        HttpClient plainClient = clientCertificate("client", "CN=worker-1", "worker-1");
        var response = client().get(plainClient, "/api/v1/certificates", "application/json");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Json.parse(response.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:forbidden");
    }

    @Test
    void issueWhenPlainClientCertificateOfThisCaThen403AndNothingStored() {
        HttpClient plainClient = clientCertificate("client", "CN=worker-2", "worker-2");
        var response = client().issue(plainClient, TestCsrs.csr().subject("CN=x.example").dns("x.example").pem(), null);
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void listWhenForeignCaCertificateWithAdminSubjectThenRefused() throws Exception {
        KeyPair caKeys = TestCsrs.ecKey("secp256r1");
        KeyPair leafKeys = TestCsrs.ecKey("secp256r1");
        X500Name caName = new X500Name("CN=Hallmark Issuing CA,O=Hallmark");
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());
        Instant now = Instant.now();
        var leaf = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name("CN=admin,O=Hallmark administrators"), leafKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                .build(signer);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(leaf);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("forged", leafKeys.getPrivate(), Pkcs12s.PASSWORD, new X509Certificate[] {cert});

        HttpClient forged = client().withKeyStore(store, Pkcs12s.PASSWORD);
        Throwable failure = catchThrowable(() -> {
            var response = client().get(forged, "/api/v1/certificates", "application/json");
            assertThat(response.statusCode()).isEqualTo(401);
        });
        // refused either in the TLS handshake (the trust manager does not know the CA) or with 401
        if (failure != null) {
            assertThat(failure).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void listWhenAdministratorRevokedThenNextRequest401() {
        HallmarkClient c = client();
        var created = c.postJson(c.admin(), "/api/v1/admins", "{\"name\":\"temp-admin\",\"role\":\"ADMIN\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        var body = Json.parse(created.body());
        HttpClient tempAdmin = c.withPkcs12(Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray());
        assertThat(c.get(tempAdmin, "/api/v1/certificates", "application/json").statusCode()).isEqualTo(200);

        var revoked = c.postJson(c.admin(), "/api/v1/certificates/" + body.get("serial").asText() + "/revoke",
                "{\"reason\":\"keyCompromise\"}");
        assertThat(revoked.statusCode()).isEqualTo(200);

        var refused = c.get(tempAdmin, "/api/v1/certificates", "application/json");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Json.parse(refused.body()).get("detail").asText()).isEqualTo("the client certificate has been revoked");
    }

    @Test
    void revokeWhenAuditorThen403ButListAllowed() {
        HallmarkClient c = client();
        var created = c.postJson(c.admin(), "/api/v1/admins", "{\"name\":\"auditor-1\",\"role\":\"AUDITOR\"}");
        var body = Json.parse(created.body());
        HttpClient auditor = c.withPkcs12(Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray());
        assertThat(c.get(auditor, "/api/v1/audit-events", "application/json").statusCode()).isEqualTo(200);
        var response = c.postJson(auditor, "/api/v1/certificates/" + body.get("serial").asText() + "/revoke", "{}");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(c.postJson(auditor, "/api/v1/admins", "{\"name\":\"x\",\"role\":\"ADMIN\"}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void apiWhenPlainHttpPortThen404ButCaCertificatesServed() {
        HallmarkClient c = client();
        var api = HallmarkClient.send(c.anonymous(), java.net.http.HttpRequest.newBuilder(c.http("/api/v1/certificates"))
                .GET().build());
        assertThat(api.statusCode()).isEqualTo(404);
        var root = HallmarkClient.send(c.anonymous(), java.net.http.HttpRequest.newBuilder(c.http("/ca/root.pem"))
                .GET().build());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    /** Issues a certificate of the given profile to a fresh key and returns a client presenting it. */
    private HttpClient clientCertificate(String profile, String subject, String dns) {
        TestCsrs csr = TestCsrs.csr().subject(subject).dns(dns + ".example");
        var response = client().issue(client().admin(), csr.pem(), "profile=" + profile);
        assertThat(response.statusCode()).isEqualTo(201);
        return client().withPkcs12(Pkcs12s.of(csr.keys(), response.body()), Pkcs12s.PASSWORD);
    }
}
