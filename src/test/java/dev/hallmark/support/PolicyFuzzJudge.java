package dev.hallmark.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.policy.ApprovedCertificate;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.Limits;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.RequestBounds;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.springframework.util.FileSystemUtils;

/**
 * The property the CSR fuzz targets share (docs/fuzzing.md): the registration authority answers a body with
 * an approval the CA can issue, or with a {@link PolicyViolationException} (every front end's 4xx) whose
 * message is printable; any other exception escapes to Jazzer as a finding. An approval must fit the
 * columns it is stored in and pass the CA's own lints, since an integrity error or a lint failure there
 * would be a 500. Bodies are judged under every built-in profile, with and without an enrollment token's bounds.
 */
public final class PolicyFuzzJudge implements AutoCloseable {

    private static final List<RequestBounds> BOUNDS = Arrays.asList(null,
            new RequestBounds("*.example.com", List.of("*.example.com", "10.0.0.1", "device@example.com")));

    private final Path dir;
    private final CertificateSigner signer;
    private final IssuancePolicy policy = new IssuancePolicy(new ProfileCatalog(List.of()), Clock.systemUTC());
    private final List<CertificateProfile> profiles = ProfileCatalog.builtIn();

    private PolicyFuzzJudge(Path dir, CertificateSigner signer) {
        this.dir = dir;
        this.signer = signer;
    }

    /** A judge with the fixture CA ({@link FuzzCa}) in a temporary directory, removed by {@link #close}. */
    public static PolicyFuzzJudge create() throws Exception {
        Path dir = Files.createTempDirectory("policy-fuzz");
        return new PolicyFuzzJudge(dir, new CertificateSigner(FuzzCa.load(dir).authorities(),
                PublicationUrls.from(URI.create("http://localhost:8080")), CertificateLinter.rfc5280()));
    }

    /** Judges the body under every built-in profile, with and without bounds. */
    public void judge(byte[] body) {
        for (CertificateProfile profile : profiles) {
            for (RequestBounds bounds : BOUNDS) {
                judge(body, profile, bounds);
            }
        }
    }

    /** Judges the body under one profile and bounds (null: none). */
    public void judge(byte[] body, CertificateProfile profile, RequestBounds bounds) {
        ApprovedCertificate approved;
        try {
            approved = policy.evaluate(body, profile, null, bounds);
        } catch (PolicyViolationException refused) {
            assertClearRefusal(refused);
            return;
        }
        assertIssuable(approved);
    }

    /** What a requester reads: a reason, on one printable line. */
    public static void assertClearRefusal(RuntimeException refused) {
        assertThat(refused.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
    }

    /** What issuance would do next: store the subject and SAN text, build the certificate and lint it. */
    private void assertIssuable(ApprovedCertificate approved) {
        assertThat(approved.subject().toString()).hasSizeLessThanOrEqualTo(Limits.MAX_SUBJECT_LENGTH);
        assertThat(String.join(ApprovedCertificate.SAN_TEXT_SEPARATOR, approved.sanText()))
                .hasSizeLessThanOrEqualTo(Limits.MAX_SAN_TEXT_LENGTH);
        signer.prepare(CertificateTemplate.endEntity(IssuerId.ISSUING, SerialNumbers.next(), approved.subject(),
                approved.publicKey(), approved.notBefore(), approved.notAfter(), approved.subjectAltNames(),
                approved.keyUsage(), approved.extendedKeyUsages()));
    }

    @Override
    public void close() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }
}
