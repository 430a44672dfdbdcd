package dev.hallmark.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.issuance.ServiceProfile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The policy's own copy of the service's profile names (revocation may not depend on issuance) stays in step. */
class RevocationPolicyTests {

    @Test
    void serviceProfilesWhenComparedWithIssuancesThenTheSameNames() {
        assertThat(RevocationPolicy.SERVICE_PROFILES).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ServiceProfile.values()).map(ServiceProfile::recordedName).toList());
    }
}
