package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ExtendedKeyUsageName;
import dev.hallmark.profile.KeyUsageFlag;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.profile.SanType;
import dev.hallmark.support.TestCsrs;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class IssuancePolicyTests {

    /** A clock with a sub-second part, which the policy drops. */
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");
    private static final Instant NOW_SECONDS = Instant.parse("2026-03-01T12:00:00Z");

    private final IssuancePolicy policy = new IssuancePolicy(new ProfileCatalog(List.of()), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void evaluateWhenEcServerCsrThenApprovesWithTheProfilesValues() {
        ApprovedCertificate approved = evaluate(serverCsr(), "server", null);
        assertThat(approved.subject()).isEqualTo(new X500Name("CN=web.example"));
        assertThat(approved.sanText()).containsExactly("DNS:web.example", "IP:10.0.0.1");
        assertThat(approved.keyUsage()).isEqualTo(KeyUsage.digitalSignature);
        assertThat(approved.extendedKeyUsages()).containsExactly(KeyPurposeId.id_kp_serverAuth);
        assertThat(approved.notBefore()).isEqualTo(NOW_SECONDS.minus(IssuancePolicy.BACKDATE));
        assertThat(approved.notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(90)));
    }

    @Test
    void evaluateWhenRsaKeyThenKeyUsageIncludesKeyEncipherment() {
        ApprovedCertificate approved = evaluate(serverCsr().keys(TestCsrs.rsaKey(2048)), "server", null);
        assertThat(approved.keyUsage()).isEqualTo(KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
    }

    @Test
    void evaluateWhenEd25519KeyThenOnlyDigitalSignature() {
        ApprovedCertificate approved = evaluate(serverCsr().keys(ed25519()), "server", null);
        assertThat(approved.keyUsage()).isEqualTo(KeyUsage.digitalSignature);
    }

    @Test
    void evaluateWhenCsrAsksForLessThanTheProfileThenTheProfilesUsagesAreIssued() {
        var csr = serverCsr().keys(TestCsrs.rsaKey(2048))
                .extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        assertThat(evaluate(csr, "server", null).keyUsage()).isEqualTo(KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
    }

    @Test
    void evaluateWhenValidityDaysGivenThenNotAfterIsThatManyDaysFromNow() {
        assertThat(evaluate(serverCsr(), "server", 30).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(30)));
    }

    @Test
    void evaluateWhenValidityDaysIsTheProfilesMaximumThenApproves() {
        assertThat(evaluate(serverCsr(), "server", 398).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(398)));
    }

    @Test
    void evaluateWhenValidityDaysIsOneThenApproves() {
        assertThat(evaluate(serverCsr(), "server", 1).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(1)));
    }

    @Test
    void evaluateWhenValidityDaysIsZeroThenRefuses() {
        assertRefused(() -> evaluate(serverCsr(), "server", 0), Violation.INVALID_VALIDITY, "validityDays must be at least 1");
    }

    @Test
    void evaluateWhenValidityDaysIsNegativeThenRefuses() {
        assertRefused(() -> evaluate(serverCsr(), "server", -5), Violation.INVALID_VALIDITY, "validityDays must be at least 1");
    }

    @Test
    void evaluateWhenValidityDaysExceedsTheProfilesMaximumThenRefuses() {
        assertRefused(() -> evaluate(serverCsr(), "server", 399), Violation.INVALID_VALIDITY,
                "validityDays 399 exceeds the maximum of 398 for profile 'server'");
    }

    @Test
    void evaluateWhenBodyIsNotACsrThenRefusesFirst() {
        assertRefused(() -> policy.evaluate("nonsense".getBytes(), profile("server"), 9999, null),
                Violation.MALFORMED_CSR, "the body is not a PKCS#10 certificate request (PEM or DER)");
    }

    @Test
    void evaluateWhenKeyIsWeakThenRefusesBeforeLookingAtNames() {
        var csr = TestCsrs.csr().keys(TestCsrs.rsaKey(1024)).subject("CN=web.example");
        assertRefused(() -> evaluate(csr, "server", null), Violation.WEAK_KEY,
                "RSA key of 1024 bits is too weak; use at least 2048 bits");
    }

    @Test
    void evaluateWhenCsrAsksForCaThenRefuses() {
        var csr = serverCsr().extension(Extension.basicConstraints, true, new BasicConstraints(true));
        assertRefused(() -> evaluate(csr, "server", null), Violation.CA_REQUESTED,
                "the CSR asks for basicConstraints cA=true; profile 'server' issues end-entity certificates only");
    }

    @Test
    void evaluateWhenEcCsrAsksForKeyEnciphermentThenRefusesForThisKey() {
        var csr = serverCsr().extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        assertRefused(() -> evaluate(csr, "server", null), Violation.FORBIDDEN_EXTENSION,
                "the CSR asks for keyUsage keyEncipherment, which profile 'server' does not allow for this key");
    }

    @Test
    void evaluateWhenDeviceCsrHasNoCommonNameThenRefuses() {
        assertRefused(() -> evaluate(TestCsrs.csr().subject("O=Example"), "device", null), Violation.MISSING_NAME,
                "profile 'device' requires a subject common name (CN)");
    }

    @Test
    void evaluateWhenServerCsrHasNoSanThenRefuses() {
        assertRefused(() -> evaluate(TestCsrs.csr().subject("CN=web.example"), "server", null), Violation.MISSING_NAME,
                "profile 'server' requires at least one DNS or IP subjectAltName "
                        + "(openssl: -addext \"subjectAltName=DNS:host.example\")");
    }

    @Test
    void evaluateWhenBoundsAllowTheNamesThenApproves() {
        var bounds = new RequestBounds("web.example", List.of("web.example", "10.0.0.1"));
        assertThat(policy.evaluate(serverCsr().pem().getBytes(), profile("server"), null, bounds).sanText())
                .containsExactly("DNS:web.example", "IP:10.0.0.1");
    }

    @Test
    void keyUsageForWhenEd25519AndProfileHasKeyAgreementThenDropsIt() {
        CertificateProfile agreeing = new CertificateProfile("agree", "", Set.of(KeyUsageFlag.digitalSignature,
                KeyUsageFlag.keyAgreement), Set.of(ExtendedKeyUsageName.clientAuth), Set.of(SanType.DNS), false, false,
                false, List.of("*"), Set.of("CN"), Duration.ofDays(30), Duration.ofDays(30), false);
        assertThat(IssuancePolicy.keyUsageFor(agreeing, KeyPolicy.KeyType.EC))
                .containsExactlyInAnyOrder(KeyUsageFlag.digitalSignature, KeyUsageFlag.keyAgreement);
        assertThat(IssuancePolicy.keyUsageFor(agreeing, KeyPolicy.KeyType.ED25519))
                .containsExactly(KeyUsageFlag.digitalSignature);
    }

    @Test
    void keyUsageForWhenOnlyKeyEnciphermentAndEcKeyThenFallsBackToDigitalSignature() {
        CertificateProfile rsaOnly = new CertificateProfile("rsa-only", "", Set.of(KeyUsageFlag.keyEncipherment),
                Set.of(ExtendedKeyUsageName.serverAuth), Set.of(SanType.DNS), true, false, false, List.of("*"),
                Set.of("CN"), Duration.ofDays(30), Duration.ofDays(30), false);
        assertThat(IssuancePolicy.keyUsageFor(rsaOnly, KeyPolicy.KeyType.EC)).containsExactly(KeyUsageFlag.digitalSignature);
        assertThat(IssuancePolicy.keyUsageFor(rsaOnly, KeyPolicy.KeyType.RSA)).containsExactly(KeyUsageFlag.keyEncipherment);
    }

    @Test
    void profileWhenNameIsUnknownThenRefuses() {
        assertRefused(() -> policy.profile("webserver", false), Violation.UNKNOWN_PROFILE,
                "unknown profile 'webserver'; GET /api/v1/profiles lists them");
    }

    @Test
    void profileWhenRestrictedAndNotAllowedThenRefuses() {
        assertRefused(() -> policy.profile("admin", false), Violation.RESTRICTED_PROFILE,
                "profile 'admin' is issued only through its own endpoint (administrators: POST /api/v1/admins)");
    }

    @Test
    void profileWhenRestrictedAndAllowedThenAnswersIt() {
        assertThat(policy.profile("admin", true).name()).isEqualTo("admin");
    }

    private ApprovedCertificate evaluate(TestCsrs csr, String profile, Integer validityDays) {
        return policy.evaluate(csr.pem().getBytes(), profile(profile), validityDays, null);
    }

    private static TestCsrs serverCsr() {
        return TestCsrs.csr().subject("CN=web.example").dns("web.example").ip("10.0.0.1");
    }

    private CertificateProfile profile(String name) {
        return policy.profile(name, true);
    }

    private static void assertRefused(ThrowingCallable call, Violation violation, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.violation()).isEqualTo(violation))
                .hasMessage(message);
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519", dev.hallmark.crypto.CryptoProviders.bouncyCastle()).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
