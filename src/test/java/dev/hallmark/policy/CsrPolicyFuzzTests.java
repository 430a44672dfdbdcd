package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.support.FuzzCa;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.util.FileSystemUtils;

/**
 * Fuzzes the registration authority's whole judgement of a CSR body (docs/fuzzing.md): decoding as
 * PEM or DER, key, proof of possession, requested extensions, subject, SANs, validity, under every
 * built-in profile and with and without an enrollment token's bounds. Whatever the bytes, the
 * answer is an approval or a {@link PolicyViolationException} (the 4xx of every front end), never
 * another exception; and what policy approves must pass the CA's own lints and fit the columns it
 * is stored in, since a lint failure or an integrity error there would be a 500.
 *
 * <p>The seeds in {@code CsrPolicyFuzzTestsInputs} are real CSRs (openssl, keytool, Bouncy Castle,
 * python cryptography) in PEM and DER, valid and refused ones.
 */
class CsrPolicyFuzzTests {

    private static final List<RequestBounds> BOUNDS = Arrays.asList(null,
            new RequestBounds("*.example.com", List.of("*.example.com", "10.0.0.1", "device@example.com")));

    private static Path dir;
    private static IssuancePolicy policy;
    private static List<CertificateProfile> profiles;
    private static CertificateSigner signer;

    @BeforeAll
    static void authorities() throws Exception {
        dir = Files.createTempDirectory("csr-fuzz");
        signer = new CertificateSigner(FuzzCa.load(dir).authorities(),
                PublicationUrls.from(URI.create("http://localhost:8080")), CertificateLinter.rfc5280());
        profiles = ProfileCatalog.builtIn();
        policy = new IssuancePolicy(new ProfileCatalog(List.of()), Clock.systemUTC());
    }

    @AfterAll
    static void removeAuthorities() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }

    @FuzzTest(maxDuration = "20s")
    void evaluateWhenAnyBodyThenApprovedAndIssuableOrRefusedByName(byte[] body) {
        for (CertificateProfile profile : profiles) {
            for (RequestBounds bounds : BOUNDS) {
                ApprovedCertificate approved;
                try {
                    approved = policy.evaluate(body, profile, null, bounds);
                } catch (PolicyViolationException refused) {
                    assertThat(refused.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
                    continue;
                }
                assertIssuable(approved);
            }
        }
    }

    /** What issuance would do next: store the subject and SAN text, build the certificate and lint it. */
    private static void assertIssuable(ApprovedCertificate approved) {
        assertThat(approved.subject().toString()).hasSizeLessThanOrEqualTo(Limits.MAX_SUBJECT_LENGTH);
        assertThat(String.join(ApprovedCertificate.SAN_TEXT_SEPARATOR, approved.sanText()))
                .hasSizeLessThanOrEqualTo(Limits.MAX_SAN_TEXT_LENGTH);
        signer.prepare(CertificateTemplate.endEntity(IssuerId.ISSUING, SerialNumbers.next(), approved.subject(),
                approved.publicKey(), approved.notBefore(), approved.notAfter(), approved.subjectAltNames(),
                approved.keyUsage(), approved.extendedKeyUsages()));
    }
}
