package dev.hallmark.bench;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.policy.ApprovedCertificate;
import dev.hallmark.policy.CsrDecoder;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.KeyPolicy;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.Pem;
import dev.hallmark.signing.PreparedCertificate;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.support.TestCsrs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-process cost of issuing one certificate from the benchmark's CSR (an EC P-256 key), without
 * HTTP, TLS or the database, and its parts:
 * <ul>
 * <li>{@code csrVerify}: decode the CSR and verify its signature (proof of possession);</li>
 * <li>{@code policy}: all of the registration authority's checks, proof of possession included;</li>
 * <li>{@code prepare}: build the TBS, sign it with the throwaway key, run the lints;</li>
 * <li>{@code prepareAndSign}: the same plus the real CA signature and the TBS comparison
 *     (the real signature's cost is the difference of the two);</li>
 * <li>{@code issueInProcess}: policy, prepare, sign, DER, SHA-256 fingerprint and PEM chain — what the
 *     service does per certificate apart from HTTP, TLS and storage.</li>
 * </ul>
 * Run with bench/issuance.sh, or {@code java -cp ... org.openjdk.jmh.Main IssuanceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IssuanceBenchmark {

    @Param({"EC_P256", "RSA_2048"})
    public String caKey;

    private CertificateSigner signer;
    private CertificateAuthorities authorities;
    private IssuancePolicy policy;
    private CertificateProfile profile;
    private byte[] csr;
    private ApprovedCertificate approved;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("hallmark-jmh-");
        Clock clock = Clock.systemUTC();
        PublicationUrls urls = PublicationUrls.from(URI.create("http://localhost:8080"));
        CaKeyStore store = new CaKeyStore(SoftwareKeySource.in(dir.resolve("ca"),
                CaPassword.resolve("bench-only-password", dir.resolve("ca/password"), true), 10_000));
        store.createRoot(KeyAlgorithm.valueOf(caKey), new X500Name("CN=Bench Root"), Duration.ofDays(3650),
                clock.instant());
        store.createIssuing(KeyAlgorithm.valueOf(caKey), new X500Name("CN=Bench Issuing"), Duration.ofDays(1825),
                clock.instant(), urls);
        authorities = store.load();
        signer = new CertificateSigner(authorities, urls, CertificateLinter.rfc5280());
        ProfileCatalog catalog = new ProfileCatalog(ProfileCatalog.builtIn());
        policy = new IssuancePolicy(catalog, clock);
        profile = policy.profile("server", false);
        csr = TestCsrs.csr().subject("CN=bench.example").dns("bench.example").pem().getBytes(StandardCharsets.US_ASCII);
        approved = evaluate();
    }

    private ApprovedCertificate evaluate() {
        return policy.evaluate(csr, profile, 30, null);
    }

    private CertificateTemplate template(ApprovedCertificate a) {
        return CertificateTemplate.endEntity(IssuerId.ISSUING, SerialNumbers.next(), a.subject(), a.publicKey(),
                a.notBefore(), a.notAfter(), a.subjectAltNames(), a.keyUsage(), a.extendedKeyUsages());
    }

    @Benchmark
    public PKCS10CertificationRequest csrVerify() {
        PKCS10CertificationRequest request = CsrDecoder.decode(csr);
        KeyPolicy.checkProofOfPossession(request);
        return request;
    }

    @Benchmark
    public ApprovedCertificate policy() {
        return evaluate();
    }

    @Benchmark
    public PreparedCertificate prepare() {
        return signer.prepare(template(approved));
    }

    @Benchmark
    public X509CertificateHolder prepareAndSign() {
        return signer.issue(signer.prepare(template(approved)));
    }

    @Benchmark
    public String issueInProcess() throws Exception {
        ApprovedCertificate a = evaluate();
        X509CertificateHolder certificate = signer.issue(signer.prepare(template(a)));
        byte[] der = certificate.getEncoded();
        MessageDigest.getInstance("SHA-256").digest(der);
        return Pem.certificate(der) + Pem.certificates(java.util.List.of(authorities.certificate(IssuerId.ISSUING)));
    }
}
