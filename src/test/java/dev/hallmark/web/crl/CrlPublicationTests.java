package dev.hallmark.web.crl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The published CRLs, checked by openssl and the JDK as relying parties. */
class CrlPublicationTests extends ServiceTest {

    @Autowired
    IssuanceService issuance;

    private Revocations revocations;

    @BeforeEach
    void setUp() {
        revocations = new Revocations(client(), DATA_DIR.resolve("test-crl"));
    }

    @Test
    void crlWhenFetchedThenDerPemAndRootAreVerifiedByOpenssl() throws Exception {
        revocations.issue("crl-verify.example", "server", "crl-verify.example");
        revocations.fetchTo("/crl", "issuing.crl");
        revocations.fetchTo("/crl.pem", "issuing-crl.pem");
        revocations.fetchTo("/crl/root", "root.crl");

        Tools.Result der = Tools.run(revocations.dir(), "openssl", "crl", "-inform", "DER", "-in", "issuing.crl",
                "-CAfile", "ca-chain.pem", "-noout", "-verify", "-text").assertSuccess();
        Tools.Result pem = Tools.run(revocations.dir(), "openssl", "crl", "-in", "issuing-crl.pem", "-CAfile",
                "ca-chain.pem", "-noout", "-verify").assertSuccess();
        Tools.Result root = Tools.run(revocations.dir(), "openssl", "crl", "-inform", "DER", "-in", "root.crl",
                "-CAfile", "root.pem", "-noout", "-verify", "-text").assertSuccess();

        assertThat(der.stderr() + der.stdout()).contains("verify OK");
        assertThat(der.stdout()).contains("Issuer: CN = Hallmark Issuing CA", "X509v3 CRL Number:",
                "X509v3 Authority Key Identifier:", "Next Update:");
        assertThat(pem.stderr() + pem.stdout()).contains("verify OK");
        assertThat(root.stderr() + root.stdout()).contains("verify OK");
        assertThat(root.stdout()).contains("Issuer: CN = Hallmark Root CA");
    }

    @Test
    void crlWhenServedThenContentTypesAndPemMatchesDer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> der = HallmarkClient.sendBytes(http, HttpRequest.newBuilder(client().http("/crl")).build());
        HttpResponse<byte[]> pem = HallmarkClient.sendBytes(http, HttpRequest.newBuilder(client().http("/crl.pem")).build());
        HttpResponse<byte[]> overHttps = HallmarkClient.sendBytes(client().anonymous(),
                HttpRequest.newBuilder(client().https("/crl")).build());

        assertThat(der.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        assertThat(pem.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-pem-file"));
        assertThat(overHttps.statusCode()).isEqualTo(200);
        String text = new String(pem.body(), StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN X509 CRL-----\n").endsWith("-----END X509 CRL-----\n");
        X509CRLHolder fromPem = (X509CRLHolder) new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(text))
                .readObject();
        X509CRLHolder fromDer = new X509CRLHolder(der.body());
        assertThat(crlNumber(fromPem)).isEqualTo(crlNumber(fromDer));
        String etag = der.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> conditional = HallmarkClient.sendBytes(http, HttpRequest.newBuilder(client().http("/crl"))
                .header("If-None-Match", etag).build());
        // 304, or 200 with a new CRL if another test revoked in between; isIn(200, 304) alone also
        // passed for a server that ignores If-None-Match
        assertThat(conditional.statusCode()).isIn(200, 304);
        if (conditional.statusCode() == 200) {
            assertThat(conditional.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        }
        Instant thisUpdate = fromDer.getThisUpdate().toInstant();
        assertThat(fromDer.getNextUpdate().toInstant()).isEqualTo(thisUpdate.plus(24, ChronoUnit.HOURS));
    }

    @Test
    void crlWhenCertificateRevokedThenNextFetchListsItWithReasonAndAHigherNumber() throws Exception {
        var leaf = revocations.issue("crl-revoked.example", "server", "crl-revoked.example");
        X509CRLHolder before = new X509CRLHolder(revocations.fetch("/crl"));

        revocations.revoke(leaf.serial(), "affiliationChanged");
        X509CRLHolder after = new X509CRLHolder(revocations.fetch("/crl"));

        assertThat(crlNumber(after)).isGreaterThan(crlNumber(before));
        var entry = after.getRevokedCertificate(leaf.certificate().getSerialNumber());
        assertThat(entry).isNotNull();
        assertThat(CRLReason.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode)).getValue()
                .intValue()).isEqualTo(CRLReason.affiliationChanged);
        assertThat(entry.getRevocationDate()).isCloseTo(new Date(), 10_000);
        assertThat(before.getRevokedCertificate(leaf.certificate().getSerialNumber())).isNull();
    }

    @Test
    void verifyWhenCrlCheckThenOpensslRejectsRevokedAndAcceptsGood() throws Exception {
        var good = revocations.issue("crlcheck-good.example", "server", "crlcheck-good.example");
        var bad = revocations.issue("crlcheck-bad.example", "server", "crlcheck-bad.example");
        revocations.revoke(bad.serial(), "keyCompromise");
        revocations.fetchTo("/crl.pem", "issuing-crl.pem");
        revocations.fetchTo("/crl/root.pem", "root-crl.pem");

        Tools.Result rejected = Tools.run(revocations.dir(), "openssl", "verify", "-crl_check", "-CAfile", "root.pem",
                "-untrusted", "issuing.pem", "-CRLfile", "issuing-crl.pem", bad.certFile().toString());
        Tools.Result accepted = Tools.run(revocations.dir(), "openssl", "verify", "-crl_check_all", "-CAfile",
                "root.pem", "-untrusted", "issuing.pem", "-CRLfile", "issuing-crl.pem", "-CRLfile", "root-crl.pem",
                good.certFile().toString());

        assertThat(rejected.exitCode()).isNotZero();
        assertThat(rejected.stdout() + rejected.stderr()).contains("certificate revoked");
        accepted.assertSuccess();
        assertThat(accepted.stdout()).contains(": OK");
    }

    @Test
    void rootCrlWhenIntermediateRevokedByAdministratorThenListsIt() throws Exception {
        // a second intermediate recorded as the root's: revoking the real issuing CA would end every other test
        var keys = TestCsrs.ecKey("secp256r1");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Hallmark Root CA,O=Hallmark"),
                new BigInteger(1, new byte[] {0x51, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88}),
                new Date(), Date.from(Instant.now().plus(365, ChronoUnit.DAYS)),
                new X500Name("CN=Retired Intermediate,O=Hallmark"), keys.getPublic());
        var intermediate = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        issuance.recordCaCertificate(intermediate, "issuing-ca");

        revocations.revoke("5122334455667788", "cACompromise");
        revocations.fetchTo("/crl/root", "root-after.crl");

        X509CRL crl = (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(Files.newInputStream(revocations.dir().resolve("root-after.crl")));
        crl.verify(client().root().getPublicKey());
        assertThat(crl.getRevokedCertificate(new BigInteger("5122334455667788", 16)).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.CA_COMPROMISE);
        Tools.Result text = Tools.run(revocations.dir(), "openssl", "crl", "-inform", "DER", "-in", "root-after.crl",
                "-CAfile", "root.pem", "-noout", "-verify", "-text").assertSuccess();
        assertThat(text.stdout()).contains("Serial Number: 5122334455667788", "CA Compromise");
    }

    @Test
    void revokeWhenOperatorRevokesAnIntermediateThenForbiddenButEndEntityAllowed() throws Exception {
        var keys = TestCsrs.ecKey("secp256r1");
        var intermediate = new JcaX509v3CertificateBuilder(new X500Name("CN=Hallmark Root CA,O=Hallmark"),
                new BigInteger(1, new byte[] {0x52, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88}), new Date(),
                Date.from(Instant.now().plus(365, ChronoUnit.DAYS)), new X500Name("CN=Operator Cannot Revoke,O=Hallmark"),
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        issuance.recordCaCertificate(intermediate, "issuing-ca");
        var leaf = revocations.issue("operator-revokes.example", "server", "operator-revokes.example");
        HttpClient operator = operator();

        HttpResponse<String> ca = client().postJson(operator, "/api/v1/certificates/5222334455667788/revoke",
                "{\"reason\":\"cACompromise\"}");
        HttpResponse<String> endEntity = client().postJson(operator, "/api/v1/certificates/" + leaf.serial() + "/revoke",
                "{\"reason\":\"superseded\"}");

        assertThat(ca.statusCode()).isEqualTo(403);
        assertThat(Json.parse(ca.body()).get("detail").asText()).isEqualTo("certificate 5222334455667788 is a CA"
                + " certificate: revoking it ends every certificate it issued, so only an ADMIN may revoke it");
        assertThat(endEntity.statusCode()).isEqualTo(200);
        assertThat(new X509CRLHolder(revocations.fetch("/crl/root"))
                .getRevokedCertificate(new BigInteger("5222334455667788", 16))).isNull();
    }

    private HttpClient operator() {
        HttpResponse<String> created = client().postJson(client().admin(), "/api/v1/admins",
                "{\"name\":\"crl-operator\",\"role\":\"OPERATOR\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String p12 = Revocations.find(created.body(), "\"pkcs12Base64\"\\s*:\\s*\"([^\"]+)\"");
        String password = Revocations.find(created.body(), "\"pkcs12Password\"\\s*:\\s*\"([^\"]+)\"");
        return client().withPkcs12(java.util.Base64.getDecoder().decode(p12), password.toCharArray());
    }

    private static BigInteger crlNumber(X509CRLHolder crl) {
        return ASN1Integer.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getValue();
    }
}
