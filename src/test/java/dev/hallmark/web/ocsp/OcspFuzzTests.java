package dev.hallmark.web.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.revocation.OcspResponder;
import dev.hallmark.revocation.OcspSettings;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.OcspResponseSigner;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.signing.ServiceCredentials;
import dev.hallmark.storage.RevocationRecords;
import dev.hallmark.support.FuzzCa;
import dev.hallmark.support.MigratedDatabase;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.FileSystemUtils;

/**
 * Fuzzes the OCSP front end (docs/fuzzing.md): each input is sent as a {@code POST /ocsp} body and as
 * the path of {@code GET /ocsp/...}, through the real endpoint filter, responder, signer and
 * revocation store (H2 with the migrations). Whatever the bytes, the answer is an HTTP 200 with an
 * OCSP response whose status is successful, malformedRequest or unauthorized, never internalError
 * (OCSP's 5xx); and no answer calls a serial good unless the store says it is.
 *
 * <p>The seeds in {@code OcspFuzzTestsInputs} are requests made by {@code openssl ocsp} for the
 * fixture CA ({@link FuzzCa}), as DER and in the GET forms clients write.
 */
class OcspFuzzTests {

    private static final BigInteger VALID = BigInteger.valueOf(0x1001);
    private static final BigInteger REVOKED = BigInteger.valueOf(0x1002);
    private static final BigInteger PENDING = BigInteger.valueOf(0x1003);

    private static Path dir;
    private static OcspEndpointFilter endpoint;

    @BeforeAll
    static void responder() throws Exception {
        dir = Files.createTempDirectory("ocsp-fuzz");
        FuzzCa.Loaded ca = FuzzCa.load(dir);
        PublicationUrls urls = PublicationUrls.from(URI.create("http://localhost:8080"));
        CertificateSigner certificates = new CertificateSigner(ca.authorities(), urls, CertificateLinter.rfc5280());
        GeneratedCredential key = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.MINUTES);
        ServiceCredentials credentials = new ServiceCredentials(ca.keyFiles());
        credentials.store(OcspResponseSigner.CREDENTIAL, key, certificates.issue(certificates.prepare(
                new CertificateTemplate(IssuerId.ISSUING, SerialNumbers.next(), new X500Name("CN=Fuzz OCSP Responder"),
                        key.publicKeyInfo(), start, start.plus(Duration.ofDays(30)), null, KeyUsage.digitalSignature,
                        List.of(KeyPurposeId.id_kp_OCSPSigning), false, null, true))));
        OcspResponseSigner signer = new OcspResponseSigner(credentials);
        signer.reload();

        MigratedDatabase database = MigratedDatabase.h2();
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        long issuingId = ca.authorities().nameId(IssuerId.ISSUING).value();
        row(jdbc, issuingId, VALID, "VALID", null);
        row(jdbc, issuingId, REVOKED, "REVOKED", Instant.parse("2026-01-01T00:00:00Z"));
        row(jdbc, issuingId, PENDING, "PENDING", null);
        OcspResponder responder = new OcspResponder(signer, new RevocationRecords(database.dataSource()), ca.authorities(),
                new OcspSettings(Duration.ofHours(1), Duration.ofMinutes(15), 64, 1000), Clock.systemUTC(), status -> { });
        endpoint = new OcspEndpointFilter(responder, Clock.systemUTC());
    }

    @AfterAll
    static void removeKeys() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }

    @FuzzTest(maxDuration = "20s")
    void respondWhenAnyPostBodyOrGetPathThenAnOcspAnswerNeverAnInternalError(byte[] input) throws Exception {
        MockHttpServletRequest post = new MockHttpServletRequest("POST", "/ocsp");
        post.setContentType("application/ocsp-request");
        post.setContent(input);
        assertAnswered(post);

        MockHttpServletRequest get = new MockHttpServletRequest("GET", "/ocsp/" + new String(input, StandardCharsets.ISO_8859_1));
        assertAnswered(get);
    }

    private static void assertAnswered(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        endpoint.doFilter(request, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo(OcspEndpointFilter.RESPONSE_TYPE);
        OCSPResp answer = new OCSPResp(response.getContentAsByteArray());
        assertThat(answer.getStatus()).isIn(OCSPResp.SUCCESSFUL, OCSPResp.MALFORMED_REQUEST, OCSPResp.UNAUTHORIZED);
        if (answer.getStatus() == OCSPResp.SUCCESSFUL) {
            for (SingleResp single : ((BasicOCSPResp) answer.getResponseObject()).getResponses()) {
                BigInteger serial = single.getCertID().getSerialNumber();
                if (single.getCertStatus() == CertificateStatus.GOOD) {
                    assertThat(serial).isEqualTo(VALID);
                } else if (single.getCertStatus() instanceof RevokedStatus) {
                    assertThat(serial).isEqualTo(REVOKED);
                }
            }
        }
    }

    private static void row(JdbcClient jdbc, long issuingId, BigInteger serial, String status, Instant revokedAt) {
        Instant now = Instant.now();
        jdbc.sql("INSERT INTO certificate (serial, issuer_id, subject, sans, profile, requester, not_before, not_after,"
                + " status, revoked_at, revocation_reason, created_at) VALUES (?, ?, 'CN=fuzz', '', 'server', 'fuzz', ?, ?, ?,"
                + " ?, ?, ?)")
                .params(serial.toString(16).toUpperCase(java.util.Locale.ROOT), issuingId, Timestamp.from(now),
                        Timestamp.from(now.plus(Duration.ofDays(30))), status,
                        revokedAt == null ? null : Timestamp.from(revokedAt), revokedAt == null ? null : "keyCompromise",
                        Timestamp.from(now))
                .update();
    }
}
