package dev.hallmark.web.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OCSP endpoint's HTTP behaviour: GET encodings, cache headers, and bad input answered in OCSP's own terms. */
class OcspEndpointTests extends ServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Revocations revocations;
    private X509CertificateHolder issuing;

    @BeforeEach
    void setUp() throws Exception {
        revocations = new Revocations(client(), DATA_DIR.resolve("test-ocsp-endpoint"));
        issuing = new X509CertificateHolder(client().root().getEncoded()); // replaced below
        var leaf = revocations.issue("endpoint-setup.example", "server", "endpoint-setup.example");
        issuing = new X509CertificateHolder(leaf.issuer().getEncoded());
    }

    @Test
    void getWhenBase64HoldsSlashPlusAndEqualsThenEveryEncodingAnswersTheSame() throws Exception {
        var leaf = revocations.issue("encodings.example", "server", "encodings.example");
        // find a request (same certificate, varying nonce) whose base64 has "/", "+", "=" and "//"
        String base64 = null;
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 50_000 && base64 == null; i++) {
            byte[] nonce = new byte[8 + random.nextInt(24)];
            random.nextBytes(nonce);
            String candidate = Base64.getEncoder().encodeToString(request(idFor(leaf.certificate(), digestSha1()),
                    nonce).getEncoded());
            if (candidate.contains("//") && candidate.contains("+") && candidate.endsWith("=")) {
                base64 = candidate;
            }
        }
        assertThat(base64).isNotNull();

        String percentEncoded = URLEncoder.encode(base64, StandardCharsets.US_ASCII);
        String urlSafe = base64.replace('+', '-').replace('/', '_').replace("=", "");
        String slashesOnlyEncoded = base64.replace("/", "%2F");
        for (String path : new String[] {base64, percentEncoded, urlSafe, slashesOnlyEncoded}) {
            HttpResponse<byte[]> response = get("/ocsp/" + path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            BasicOCSPResp basic = successful(response.body());
            assertThat(basic.getResponses()[0].getCertStatus()).as(path).isNull(); // good
            assertThat(basic.getResponses()[0].getCertID().getSerialNumber()).isEqualTo(leaf.certificate().getSerialNumber());
        }
    }

    @Test
    void getWhenNoNonceThenCacheHeadersUntilNextUpdateAndConditionalGetAnswers304() throws Exception {
        var leaf = revocations.issue("cache-headers.example", "server", "cache-headers.example");
        String path = "/ocsp/" + URLEncoder.encode(Base64.getEncoder().encodeToString(
                request(idFor(leaf.certificate(), digestSha1()), null).getEncoded()), StandardCharsets.US_ASCII);

        HttpResponse<byte[]> first = get(path);
        HttpResponse<byte[]> second = get(path);

        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        String cacheControl = first.headers().firstValue("Cache-Control").orElseThrow();
        long maxAge = Long.parseLong(Revocations.find(cacheControl, "max-age=(\\d+)"));
        BasicOCSPResp basic = successful(first.body());
        long untilNextUpdate = (basic.getResponses()[0].getNextUpdate().getTime() - System.currentTimeMillis()) / 1000;
        assertThat(maxAge).isBetween(untilNextUpdate - 5, untilNextUpdate + 5).isGreaterThan(3000);
        assertThat(cacheControl).contains("public");
        assertThat(first.headers().firstValue("Last-Modified")).isPresent();
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(second.body()).isEqualTo(first.body()); // pre-signed once, served from the cache
        HttpResponse<byte[]> conditional = HallmarkClient.sendBytes(http, HttpRequest.newBuilder(client().http(path))
                .header("If-None-Match", etag).GET().build());
        assertThat(conditional.statusCode()).isEqualTo(304);
    }

    @Test
    void postWhenNonceThenEchoedAndNotCacheable() throws Exception {
        var leaf = revocations.issue("nonce.example", "server", "nonce.example");
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);

        HttpResponse<byte[]> response = post(request(idFor(leaf.certificate(), digestSha1()), nonce).getEncoded());

        BasicOCSPResp basic = successful(response.body());
        assertThat(DEROctetString.getInstance(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                .getParsedValue()).getOctets()).isEqualTo(nonce);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void postWhenSeveralCertIdsThenOneAnswerEachAndForeignIssuerUnknown() throws Exception {
        var good = revocations.issue("multi-good.example", "server", "multi-good.example");
        var revoked = revocations.issue("multi-revoked.example", "server", "multi-revoked.example");
        revocations.revoke(revoked.serial(), "cessationOfOperation");
        CertificateID foreign = new CertificateID(digestSha1(), new X509CertificateHolder(client().root().getEncoded()),
                BigInteger.TEN);

        OCSPReq request = new OCSPReqBuilder().addRequest(idFor(good.certificate(), digestSha1()))
                .addRequest(idFor(revoked.certificate(), digestSha256())).addRequest(foreign).build();
        BasicOCSPResp basic = successful(post(request.getEncoded()).body());

        assertThat(basic.getResponses()).hasSize(3);
        assertThat(basic.getResponses()[0].getCertStatus()).isNull();
        RevokedStatus status = (RevokedStatus) basic.getResponses()[1].getCertStatus();
        assertThat(status.getRevocationReason()).isEqualTo(5);
        assertThat(basic.getResponses()[1].getCertID().getHashAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(basic.getResponses()[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void postWhenGarbageThenMalformedRequest() throws Exception {
        assertStatus(post("this is not DER".getBytes(StandardCharsets.US_ASCII)), OCSPResp.MALFORMED_REQUEST);
        assertStatus(post(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}),
                OCSPResp.MALFORMED_REQUEST);
        assertStatus(post(new byte[] {0x05, 0x00}), OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void postWhenEmptyBodyThenMalformedRequest() throws Exception {
        assertStatus(post(new byte[0]), OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void postWhenTruncatedDerThenMalformedRequest() throws Exception {
        var leaf = revocations.issue("truncated.example", "server", "truncated.example");
        byte[] der = request(idFor(leaf.certificate(), digestSha1()), null).getEncoded();
        for (int length : new int[] {1, 2, der.length / 2, der.length - 1}) {
            assertStatus(post(Arrays.copyOf(der, length)), OCSPResp.MALFORMED_REQUEST);
        }
    }

    @Test
    void postWhenAThousandSerialsThenMalformedRequest() throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder();
        for (int i = 1; i <= 1000; i++) {
            builder.addRequest(new CertificateID(digestSha1(), issuing, BigInteger.valueOf(i)));
        }
        byte[] der = builder.build().getEncoded();
        assertThat(der.length).isLessThan(64 * 1024); // refused for its count, not by the body limit

        assertStatus(post(der), OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void postWhenBodyOverTheLimitThen413() throws Exception {
        HttpResponse<byte[]> response = post(new byte[70_000]);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void postWhenUnknownHashAlgorithmThenUnauthorized() throws Exception {
        var leaf = revocations.issue("md5.example", "server", "md5.example");
        CertificateID sha1 = idFor(leaf.certificate(), digestSha1());
        // same hashes relabelled as MD5, which the responder does not accept for CertIDs
        CertificateID md5 = new CertificateID(new org.bouncycastle.asn1.ocsp.CertID(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.md5), new DEROctetString(sha1.getIssuerNameHash()),
                new DEROctetString(sha1.getIssuerKeyHash()), new org.bouncycastle.asn1.ASN1Integer(sha1.getSerialNumber())));

        assertStatus(post(new OCSPReqBuilder().addRequest(md5).build().getEncoded()), OCSPResp.UNAUTHORIZED);
    }

    @Test
    void postWhenOnlyAnotherIssuerThenUnauthorized() throws Exception {
        var leaf = revocations.issue("other-issuer.example", "server", "other-issuer.example");
        CertificateID byRoot = new CertificateID(digestSha1(), new X509CertificateHolder(client().root().getEncoded()),
                leaf.certificate().getSerialNumber());

        assertStatus(post(new OCSPReqBuilder().addRequest(byRoot).build().getEncoded()), OCSPResp.UNAUTHORIZED);
    }

    @Test
    void getWhenNotBase64ThenMalformedRequestAndOtherMethodsAre405() throws Exception {
        assertStatus(get("/ocsp/not%20base64!!"), OCSPResp.MALFORMED_REQUEST);
        assertStatus(get("/ocsp/"), OCSPResp.MALFORMED_REQUEST);
        assertStatus(get("/ocsp/AAAA"), OCSPResp.MALFORMED_REQUEST);
        HttpResponse<byte[]> put = HallmarkClient.sendBytes(http, HttpRequest.newBuilder(client().http("/ocsp"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build());
        assertThat(put.statusCode()).isEqualTo(405);
    }

    @Test
    void getWhenEncodedSlashOutsideOcspThenFirewallStillRejects() {
        HttpResponse<String> response = client().get(client().admin(), "/api/v1/certificates%2F01", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void responseWhenVerifiedThenSignedByDelegatedResponderOfTheIssuingCa() throws Exception {
        var leaf = revocations.issue("delegation.example", "server", "delegation.example");

        BasicOCSPResp basic = successful(post(request(idFor(leaf.certificate(), digestSha1()), null).getEncoded()).body());

        X509CertificateHolder responder = basic.getCerts()[0];
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))).isTrue();
        assertThat(responder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuing))).isTrue();
        assertThat(org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(responder.getExtensions())
                .hasKeyPurposeId(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_OCSPSigning)).isTrue();
        assertThat(responder.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck)).isNotNull();
        assertThat(basic.getResponderId().toASN1Primitive().getKeyHash()).isNotNull();
    }

    private static void assertStatus(HttpResponse<byte[]> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        assertThat(new OCSPResp(response.body()).getStatus()).isEqualTo(status);
    }

    private static BasicOCSPResp successful(byte[] body) throws Exception {
        OCSPResp response = new OCSPResp(body);
        assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return (BasicOCSPResp) response.getResponseObject();
    }

    private HttpResponse<byte[]> get(String path) {
        return HallmarkClient.sendBytes(http, HttpRequest.newBuilder(URI.create("http://localhost:"
                + plainHttpPort.port() + path)).GET().build());
    }

    private HttpResponse<byte[]> post(byte[] body) {
        return HallmarkClient.sendBytes(http, HttpRequest.newBuilder(client().http("/ocsp"))
                .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private CertificateID idFor(X509Certificate certificate, DigestCalculator digest) throws Exception {
        return new CertificateID(digest, issuing, certificate.getSerialNumber());
    }

    private static OCSPReq request(CertificateID id, byte[] nonce) throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getEncoded())));
        }
        return builder.build();
    }

    private static DigestCalculator digestSha1() throws Exception {
        return new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1));
    }

    private static DigestCalculator digestSha256() throws Exception {
        return new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    }
}
