package dev.hallmark.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.Violation;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The grant of an administrator's client certificate, with the service's own audit log and issuance. */
class AdministratorAuthorizerTests extends ServiceTest {

    @Autowired
    AdministratorAuthorizer authorizer;

    @Autowired
    IssuanceService issuance;

    @Autowired
    AuditLog audit;

    @Test
    void issuingWhenOperatorThenTheProfileAskedAnyNamesAndTheOperatorAsActor() throws Exception {
        Actor actor = new Actor("admin:grant-operator", "192.0.2.1");
        IssuanceGrant grant = authorizer.issuing(new Caller(actor, Role.OPERATOR), "client");
        assertThat(grant.profile()).isEqualTo("client");
        assertThat(grant.names()).isNull();
        assertThat(grant.actor()).isEqualTo(actor);
        assertThat(grant.authorization()).isNull();
        assertThat(grant.restrictedProfileAllowed()).isFalse();
    }

    @Test
    void issuingWhenAuditorOrNoRoleThenRefusedAndAudited() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        for (Role role : new Role[] {Role.AUDITOR, null}) {
            Caller caller = new Caller(new Actor("admin:grant-auditor-" + role, null), role);
            assertThatThrownBy(() -> authorizer.issuing(caller, "server"))
                    .isInstanceOfSatisfying(IssuanceRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(IssuanceRefusedException.Reason.FORBIDDEN))
                    .hasMessageStartingWith("only an ADMIN or OPERATOR may have certificates issued");
            assertThat(audit.search("certificate.issue", caller.actor().name(), before, null, 0, 10).getContent())
                    .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("REFUSED"));
        }
    }

    @Test
    void issuingWhenTheRestrictedProfileIsAskedThenPolicyRefusesIt() throws Exception {
        IssuanceGrant grant = authorizer.issuing(new Caller(new Actor("admin:grant-admin", null), Role.ADMIN),
                AdministratorService.PROFILE);
        byte[] csr = TestCsrs.csr().subject("CN=sneaky").build().getEncoded();
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, grant)))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.RESTRICTED_PROFILE));
    }

    @Test
    void newAdministratorWhenAdminThenTheAdminProfileBoundToTheName() throws Exception {
        IssuanceGrant grant = authorizer.newAdministrator(new Caller(new Actor("admin:boss", null), Role.ADMIN), "alice");
        assertThat(grant.profile()).isEqualTo(AdministratorService.PROFILE);
        assertThat(grant.restrictedProfileAllowed()).isTrue();
        assertThat(grant.names().commonName()).isEqualTo("alice");
        assertThat(grant.names().sanPatterns()).isEqualTo(List.of());
        byte[] other = TestCsrs.csr().subject("CN=mallory").build().getEncoded();
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(other, null, grant)))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS))
                .hasMessage("common name 'mallory' is not the one this credential allows ('alice')");
    }

    @Test
    void newAdministratorWhenOperatorThenRefused() throws Exception {
        assertThatThrownBy(() -> authorizer.newAdministrator(new Caller(new Actor("admin:op", null), Role.OPERATOR),
                "bob"))
                .isInstanceOf(IssuanceRefusedException.class)
                .hasMessage("only an ADMIN may create administrators; the caller is admin:op (OPERATOR)");
    }
}
