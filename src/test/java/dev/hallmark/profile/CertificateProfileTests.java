package dev.hallmark.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateProfileTests {

    @Test
    void constructorWhenWithinHardLimitsThenKeepsTheRules() {
        CertificateProfile profile = profile("web", Set.of(KeyUsageFlag.digitalSignature), Duration.ofDays(90), Duration.ofDays(30));
        assertThat(profile.allowsSan(SanType.DNS)).isTrue();
        assertThat(profile.allowsSan(SanType.EMAIL)).isFalse();
        assertThat(profile.maxValidity()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void constructorWhenGivenMutableSetsThenCopiesThem() {
        Set<KeyUsageFlag> usage = new HashSet<>(Set.of(KeyUsageFlag.digitalSignature));
        CertificateProfile profile = profile("web", usage, Duration.ofDays(90), Duration.ofDays(30));
        usage.add(KeyUsageFlag.keyCertSign);
        assertThat(profile.keyUsage()).containsExactly(KeyUsageFlag.digitalSignature);
        assertThatThrownBy(() -> profile.keyUsage().add(KeyUsageFlag.keyAgreement))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorWhenMaxValidityIsTheHardMaximumThenAccepts() {
        assertThat(profile("long", Set.of(KeyUsageFlag.digitalSignature), CertificateProfile.HARD_MAX_VALIDITY,
                Duration.ofDays(1)).maxValidity()).isEqualTo(Duration.ofDays(1830));
    }

    @Test
    void constructorWhenNameIsNotLowerCaseThenRefuses() {
        assertThatThrownBy(() -> profile("Web", Set.of(KeyUsageFlag.digitalSignature), Duration.ofDays(90), Duration.ofDays(30)))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile name 'Web' must be lower-case letters, digits and '-'");
    }

    @Test
    void constructorWhenKeyUsageHasKeyCertSignThenRefuses() {
        assertThatThrownBy(() -> profile("web", Set.of(KeyUsageFlag.digitalSignature, KeyUsageFlag.keyCertSign),
                Duration.ofDays(90), Duration.ofDays(30)))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web': end-entity profiles cannot have keyCertSign or cRLSign");
    }

    @Test
    void constructorWhenKeyUsageHasCrlSignThenRefuses() {
        assertThatThrownBy(() -> profile("web", Set.of(KeyUsageFlag.cRLSign), Duration.ofDays(90), Duration.ofDays(30)))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web': end-entity profiles cannot have keyCertSign or cRLSign");
    }

    @Test
    void constructorWhenExtendedKeyUsageHasOcspSigningThenRefuses() {
        assertThatThrownBy(() -> new CertificateProfile("web", "", Set.of(KeyUsageFlag.digitalSignature),
                Set.of(ExtendedKeyUsageName.clientAuth, ExtendedKeyUsageName.OCSPSigning), Set.of(SanType.DNS), false,
                false, false, List.of("*"), Set.of("CN"), Duration.ofDays(90), Duration.ofDays(30), false))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web': end-entity profiles cannot have OCSPSigning or anyExtendedKeyUsage;"
                        + " only the service's own responder certificate signs OCSP answers");
    }

    @Test
    void constructorWhenKeyUsageIsEmptyThenRefuses() {
        assertThatThrownBy(() -> profile("web", Set.of(), Duration.ofDays(90), Duration.ofDays(30)))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web' needs at least one key usage and extended key usage");
    }

    @Test
    void constructorWhenExtendedKeyUsageIsEmptyThenRefuses() {
        assertThatThrownBy(() -> new CertificateProfile("web", "", Set.of(KeyUsageFlag.digitalSignature), Set.of(),
                Set.of(SanType.DNS), false, false, false, List.of("*"), Set.of("CN"), Duration.ofDays(90),
                Duration.ofDays(30), false))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web' needs at least one key usage and extended key usage");
    }

    @Test
    void constructorWhenMaxValidityExceedsTheHardMaximumThenRefuses() {
        assertThatThrownBy(() -> profile("web", Set.of(KeyUsageFlag.digitalSignature),
                CertificateProfile.HARD_MAX_VALIDITY.plusSeconds(1), Duration.ofDays(30)))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web': maxValidity must be between 1 second and 1830 days");
    }

    @Test
    void constructorWhenMaxValidityIsZeroThenRefuses() {
        assertThatThrownBy(() -> profile("web", Set.of(KeyUsageFlag.digitalSignature), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web': maxValidity must be between 1 second and 1830 days");
    }

    @Test
    void constructorWhenDefaultValidityExceedsMaxThenRefuses() {
        assertThatThrownBy(() -> profile("web", Set.of(KeyUsageFlag.digitalSignature), Duration.ofDays(30), Duration.ofDays(31)))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web': defaultValidity must not exceed maxValidity");
    }

    @Test
    void constructorWhenDefaultValidityIsZeroThenRefuses() {
        assertThatThrownBy(() -> profile("web", Set.of(KeyUsageFlag.digitalSignature), Duration.ofDays(30), Duration.ZERO))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web': defaultValidity must be positive");
    }

    @Test
    void constructorWhenHostNameRequiredButNoDnsOrIpSanAllowedThenRefuses() {
        assertThatThrownBy(() -> new CertificateProfile("web", "", Set.of(KeyUsageFlag.digitalSignature),
                Set.of(ExtendedKeyUsageName.serverAuth), EnumSet.of(SanType.EMAIL), true, false, false, List.of("*"),
                Set.of("CN"), Duration.ofDays(90), Duration.ofDays(30), false))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'web' requires a host name but allows no DNS or IP SAN");
    }

    private static CertificateProfile profile(String name, Set<KeyUsageFlag> usage, Duration max, Duration defaults) {
        return new CertificateProfile(name, "test", usage, Set.of(ExtendedKeyUsageName.serverAuth), Set.of(SanType.DNS),
                false, false, false, List.of("*"), Set.of("CN"), max, defaults, false);
    }
}
