package dev.hallmark.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.audit.Actor;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.Violation;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The grant of an enrollment token, presented as a bearer token or as EST's Basic credentials. */
class TokenAuthorizerTests extends ServiceTest {

    private static final Actor ISSUER = new Actor("admin:token-tests", null);

    @Autowired
    TokenAuthorizer authorizer;

    @Autowired
    EnrollmentTokenService tokens;

    @Autowired
    IssuanceService issuance;

    @Test
    void authorizeWhenBearerTokenThenItsProfileNamesAndActorAndItIsSpentByTheOneIssuance() throws Exception {
        CreatedEnrollmentToken created = tokens.create("device", "*.sensors.example", List.of("*.sensors.example"), null,
                ISSUER);
        IssuanceGrant grant = authorizer.authorize(new EnrollmentCredential.Token(null, created.token()), null,
                "192.0.2.7");
        assertThat(grant.profile()).isEqualTo("device");
        assertThat(grant.names().commonName()).isEqualTo("*.sensors.example");
        assertThat(grant.names().sanPatterns()).containsExactly("*.sensors.example");
        assertThat(grant.names().exact()).isFalse();
        assertThat(grant.actor()).isEqualTo(new Actor("token:" + created.view().id(), "192.0.2.7"));

        byte[] csr = TestCsrs.csr().subject("CN=s1.sensors.example").dns("s1.sensors.example").build().getEncoded();
        IssuedCertificate issued = issuance.issue(new IssuanceRequest(csr, null, grant));
        EnrollmentTokenView used = tokens.list().stream().filter(t -> t.id().equals(created.view().id())).findFirst()
                .orElseThrow();
        assertThat(used.state()).isEqualTo(TokenState.used);
        assertThat(used.certificateSerial()).isEqualTo(issued.serial());

        // a grant obtained before the token was spent does not issue a second certificate
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, grant)))
                .isInstanceOf(IssuanceRefusedException.class)
                .hasMessage("enrollment token " + created.view().id() + " has already been used");
        assertThatThrownBy(() -> authorizer.authorize(new EnrollmentCredential.Token(null, created.token()), null, null))
                .isInstanceOf(IssuanceRefusedException.class)
                .hasMessage("enrollment token " + created.view().id() + " has already been used");
    }

    @Test
    void authorizeWhenBasicCredentialsThenTheUserMustBeTheTokenId() throws Exception {
        CreatedEnrollmentToken created = tokens.create("device", "meter-1", List.of(), null, ISSUER);
        assertThat(authorizer.authorize(new EnrollmentCredential.Token(created.view().id(), created.token()), null,
                null).profile()).isEqualTo("device");
        assertThatThrownBy(() -> authorizer.authorize(new EnrollmentCredential.Token("0123456789abcdef0123",
                created.token()), null, null))
                .isInstanceOf(IssuanceRefusedException.class)
                .hasMessage("the user name is not the id of the enrollment token given as password");
    }

    @Test
    void authorizeWhenAnotherProfileIsAskedThenRefusedWithoutSpendingTheToken() throws Exception {
        CreatedEnrollmentToken created = tokens.create("device", "meter-2", List.of(), null, ISSUER);
        var credential = new EnrollmentCredential.Token(null, created.token());
        assertThatThrownBy(() -> authorizer.authorize(credential, "server", null))
                .isInstanceOfSatisfying(IssuanceRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(IssuanceRefusedException.Reason.FORBIDDEN))
                .hasMessage("enrollment token " + created.view().id() + " is for profile 'device', not 'server'");
        assertThat(authorizer.authorize(credential, "device", null).profile()).isEqualTo("device");
    }

    @Test
    void authorizeWhenTheCsrLeavesTheTokensNamesThenPolicyRefusesAndTheTokenStaysUnused() throws Exception {
        CreatedEnrollmentToken created = tokens.create("device", "meter-3", List.of("meter-3.example"), null, ISSUER);
        IssuanceGrant grant = authorizer.authorize(new EnrollmentCredential.Token(null, created.token()), null, null);
        byte[] csr = TestCsrs.csr().subject("CN=meter-3").dns("bank.example").build().getEncoded();
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, grant)))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS));
        assertThat(tokens.list().stream().filter(t -> t.id().equals(created.view().id())).findFirst().orElseThrow()
                .state()).isEqualTo(TokenState.unused);
    }
}
