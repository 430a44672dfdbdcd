package dev.hallmark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ExtendedKeyUsageName;
import dev.hallmark.profile.InvalidProfileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hallmark.profiles.*} as configured: merged over the built-in profiles, within the hard limits. */
class ProfileConfigurationTests {

    private static final String SIGNS_OCSP = "end-entity profiles cannot have OCSPSigning or anyExtendedKeyUsage;"
            + " only the service's own responder certificate signs OCSP answers";

    @ParameterizedTest
    @ValueSource(strings = {"OCSPSigning", "ocspsigning", "anyExtendedKeyUsage", "ANYEXTENDEDKEYUSAGE"})
    void catalogWhenABuiltInProfileIsGivenAnOcspSigningPurposeThenRefusesWithTheHardLimit(String purpose) {
        assertThatThrownBy(() -> ProfileConfiguration.catalog(Map.of("client",
                eku(List.of("clientAuth", purpose), null))))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'client': " + SIGNS_OCSP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OCSPSigning", "anyExtendedKeyUsage"})
    void catalogWhenANewProfileHasOnlyAnOcspSigningPurposeThenRefusesWithTheHardLimit(String purpose) {
        assertThatThrownBy(() -> ProfileConfiguration.catalog(Map.of("responder",
                eku(List.of(purpose), Duration.ofDays(30)))))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile 'responder': " + SIGNS_OCSP);
    }

    @Test
    void catalogWhenServerProfileIsNarrowedThenKeepsTheOtherBuiltInFields() {
        var narrowed = new HallmarkProperties.ProfileProperties(null, null, null, null, null, null, null,
                List.of("*.internal.example"), null, Duration.ofDays(90), null);
        CertificateProfile server = ProfileConfiguration.catalog(Map.of("server", narrowed)).find("server").orElseThrow();
        assertThat(server.maxValidity()).isEqualTo(Duration.ofDays(90));
        assertThat(server.namePatterns()).containsExactly("*.internal.example");
        assertThat(server.extendedKeyUsages()).containsExactly(ExtendedKeyUsageName.serverAuth);
    }

    private static HallmarkProperties.ProfileProperties eku(List<String> extendedKeyUsage, Duration maxValidity) {
        return new HallmarkProperties.ProfileProperties(null, List.of("digitalSignature"), extendedKeyUsage, null, null,
                null, null, null, null, maxValidity, null);
    }
}
