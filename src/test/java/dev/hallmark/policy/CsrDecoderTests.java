package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.TestCsrs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.BEROctetString;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CsrDecoderTests {

    private static final PKCS10CertificationRequest CSR = TestCsrs.csr().subject("CN=web.example").dns("web.example").build();

    @Test
    void decodeWhenPemThenReadsTheRequest() {
        assertThat(CsrDecoder.decode(pem(CSR).getBytes(StandardCharsets.US_ASCII)).getSubject())
                .isEqualTo(new X500Name("CN=web.example"));
    }

    @Test
    void decodeWhenDerThenReadsTheRequest() throws Exception {
        assertThat(CsrDecoder.decode(CSR.getEncoded()).getEncoded()).isEqualTo(CSR.getEncoded());
    }

    @Test
    void decodeWhenPemHasWindowsLineEndsAndSurroundingBlanksThenReadsTheRequest() {
        String crlf = "\r\n\n" + pem(CSR).replace("\n", "\r\n") + "\r\n";
        assertThat(CsrDecoder.decode(crlf.getBytes(StandardCharsets.US_ASCII)).getSubject())
                .isEqualTo(new X500Name("CN=web.example"));
    }

    @Test
    void decodeWhenKeytoolNewCertificateRequestHeaderThenReadsTheRequest() throws Exception {
        byte[] keytool = Files.readAllBytes(Path.of("src/test/resources/csr/keytool-ec-p256.csr"));
        assertThat(new String(keytool, StandardCharsets.US_ASCII)).startsWith("-----BEGIN NEW CERTIFICATE REQUEST-----");
        assertThat(CsrDecoder.decode(keytool).getSubject()).isEqualTo(new X500Name("CN=keytool.example,O=Example"));
    }

    @Test
    void decodeWhenBodyIsEmptyThenRefuses() {
        assertMalformed(new byte[0], "the request body is empty; send a PKCS#10 CSR as PEM or DER");
    }

    @Test
    void decodeWhenBodyIsNullThenRefuses() {
        assertMalformed(null, "the request body is empty; send a PKCS#10 CSR as PEM or DER");
    }

    @Test
    void decodeWhenPemLacksItsEndLineThenRefusesAsTruncated() {
        String pem = pem(CSR);
        String truncated = pem.substring(0, pem.indexOf("-----END"));
        assertMalformed(truncated.getBytes(StandardCharsets.US_ASCII),
                "the PEM is damaged or truncated: -----END CERTIFICATE REQUEST----- not found");
    }

    @Test
    void decodeWhenPemIsCutInTheMiddleOfItsBase64ThenRefuses() {
        String pem = pem(CSR);
        assertMalformed(pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII),
                "the PEM is damaged or truncated: -----END CERTIFICATE REQUEST----- not found");
    }

    @Test
    void decodeWhenPemBodyLosesLinesButKeepsItsEndThenRefuses() {
        String[] lines = pem(CSR).split("\n");
        String shortened = lines[0] + "\n" + lines[1] + "\n" + lines[lines.length - 1] + "\n";
        assertMalformed(shortened.getBytes(StandardCharsets.US_ASCII),
                "the body is not a PKCS#10 certificate request (PEM or DER)");
    }

    @Test
    void decodeWhenPemIsDoubledThenRefuses() {
        String twice = pem(CSR) + pem(CSR);
        assertMalformed(twice.getBytes(StandardCharsets.US_ASCII),
                "the PEM holds 2 blocks; send exactly one certificate request");
    }

    @Test
    void decodeWhenPemHoldsACertificateThenRefusesNamingIt() {
        String certificate = pem(CSR).replace("CERTIFICATE REQUEST", "CERTIFICATE");
        assertMalformed(certificate.getBytes(StandardCharsets.US_ASCII),
                "the PEM holds a CERTIFICATE, not a CERTIFICATE REQUEST");
    }

    @Test
    void decodeWhenPemHasNoBlockThenRefuses() {
        assertMalformed("-----BEGIN".getBytes(StandardCharsets.US_ASCII),
                "the PEM is truncated: no complete BEGIN/END block");
    }

    @Test
    void decodeWhenDerHasTrailingDataThenRefuses() throws Exception {
        ByteArrayOutputStream trailing = new ByteArrayOutputStream();
        trailing.write(CSR.getEncoded());
        trailing.write(new byte[] {0x05, 0x00});
        assertMalformed(trailing.toByteArray(), "the CSR is not DER-encoded or has trailing data");
    }

    @Test
    void decodeWhenBerEncodedThenRefusesAsNotDer() throws Exception {
        var parsed = (org.bouncycastle.asn1.ASN1Sequence) ASN1Primitive.fromByteArray(CSR.getEncoded());
        byte[] ber = new BERSequence(parsed.toArray()).getEncoded();
        assertThat(ber).isNotEqualTo(CSR.getEncoded());
        assertMalformed(ber, "the CSR is not DER-encoded or has trailing data");
    }

    @Test
    void decodeWhenBodyIsTextThenRefuses() {
        assertMalformed("hello, CA".getBytes(StandardCharsets.US_ASCII),
                "the body is not a PKCS#10 certificate request (PEM or DER)");
    }

    @Test
    void decodeWhenDerIsAnotherStructureThenRefuses() throws Exception {
        assertMalformed(new BEROctetString(new byte[] {1, 2, 3}).getEncoded("DER"),
                "the body is not a PKCS#10 certificate request (PEM or DER)");
    }

    private static void assertMalformed(byte[] body, String message) {
        assertThatThrownBy(() -> CsrDecoder.decode(body))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.MALFORMED_CSR))
                .hasMessage(message);
    }

    private static String pem(PKCS10CertificationRequest csr) {
        return TestCsrs.pem(csr);
    }
}
