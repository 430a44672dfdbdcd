package dev.hallmark.web.est;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.policy.CsrDecoder;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.RequestBounds;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.support.PolicyFuzzJudge;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the bodies of EST's {@code simpleenroll}, {@code simplereenroll} and {@code serverkeygen}
 * (RFC 7030 sections 4.2 and 4.4; docs/fuzzing.md): the base64 transfer encoding as
 * {@link EstMessages#csr} reads it (PEM and raw DER taken too), then what each operation does with
 * the CSR before and in policy, in-process below HTTP. simpleenroll: policy under the default EST
 * profile. simplereenroll: the names read and compared with the current certificate's, as
 * {@code EnrollmentService.renew} does, then policy within those names. serverkeygen: the template's
 * subject and SANs copied into a CSR for a server-generated key, then policy. Whatever the bytes,
 * the answer is EST's 400 with a printable reason, a {@link PolicyViolationException} (EST's 4xx),
 * or an approval that lints clean ({@link PolicyFuzzJudge}); never another exception.
 *
 * <p>The seeds in {@code EstBodyFuzzTestsInputs} are EST bodies: CSRs from openssl, keytool and
 * python cryptography in base64 as EST clients send them (with and without line breaks), PEM, DER,
 * and the extension and UTF-8 findings ({@code fuzz/make_csr_seeds.py}).
 */
class EstBodyFuzzTests {

    private static final X500Name CURRENT_SUBJECT = new X500Name("CN=device.example.com");
    private static final RequestBounds CURRENT_NAMES = new RequestBounds("device.example.com",
            List.of("device.example.com"));
    private static final Set<GeneralName> CURRENT_SANS = Set.of(new GeneralName(GeneralName.dNSName, "device.example.com"));

    private static PolicyFuzzJudge judge;
    private static CertificateProfile device;
    private static GeneratedCredential serverKey;

    @BeforeAll
    static void judge() throws Exception {
        judge = PolicyFuzzJudge.create();
        device = ProfileCatalog.builtIn().stream().filter(p -> p.name().equals("device")).findFirst().orElseThrow();
        serverKey = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
    }

    @AfterAll
    static void removeAuthorities() {
        judge.close();
    }

    @FuzzTest(maxDuration = "20s")
    void decodeAndJudgeWhenAnyEstBodyThenCsrOrEstRefusal(byte[] body) {
        byte[] csr;
        try {
            csr = EstMessages.csr(body);
        } catch (EstException refused) {
            assertThat(refused.status()).isEqualTo(400);
            PolicyFuzzJudge.assertClearRefusal(refused);
            return;
        }
        judge.judge(csr, device, null);
        try {
            reenroll(csr);
        } catch (PolicyViolationException refused) {
            PolicyFuzzJudge.assertClearRefusal(refused);
        }
        try {
            serverKeygen(csr);
        } catch (PolicyViolationException refused) {
            PolicyFuzzJudge.assertClearRefusal(refused);
        }
    }

    /** What renewal reads and compares before policy, then policy within the current certificate's names. */
    private static void reenroll(byte[] body) {
        PKCS10CertificationRequest csr = CsrDecoder.decode(body);
        IssuancePolicy.checkSubjectReadable(csr.getSubject());
        GeneralNames sans = IssuancePolicy.requestedSubjectAltNames(csr);
        Set<GeneralName> asked = sans == null ? Set.of() : new HashSet<>(List.of(sans.getNames()));
        if (csr.getSubject().equals(CURRENT_SUBJECT) && asked.equals(CURRENT_SANS)) {
            judge.judge(body, device, CURRENT_NAMES);
        }
    }

    /** The template's subject and SANs, as EnrollmentService.enrollWithServerKey copies them, in a CSR of the server's key. */
    private static void serverKeygen(byte[] body) {
        PKCS10CertificationRequest template = CsrDecoder.decode(body);
        judge.judge(serverKey.csr(template.getSubject(), IssuancePolicy.requestedSubjectAltNames(template)), device, null);
    }
}
