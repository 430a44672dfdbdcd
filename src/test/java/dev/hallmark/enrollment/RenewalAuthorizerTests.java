package dev.hallmark.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.admin.AdministratorAuthorizer;
import dev.hallmark.admin.Caller;
import dev.hallmark.admin.Role;
import dev.hallmark.audit.Actor;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.Violation;
import dev.hallmark.revocation.RevocationReason;
import dev.hallmark.revocation.RevocationService;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The grant of a current certificate renewing itself: its profile, subject and exactly its SANs. */
class RenewalAuthorizerTests extends ServiceTest {

    private static final Caller OPERATOR = new Caller(new Actor("admin:renewal-tests", null), Role.OPERATOR);

    @Autowired
    RenewalAuthorizer authorizer;

    @Autowired
    AdministratorAuthorizer administrators;

    @Autowired
    IssuanceService issuance;

    @Autowired
    RevocationService revocation;

    private IssuedCertificate current(String cn, String... dns) throws Exception {
        byte[] csr = TestCsrs.csr().subject("CN=" + cn).dns(dns).build().getEncoded();
        return issuance.issue(new IssuanceRequest(csr, null, administrators.issuing(OPERATOR, "server")));
    }

    @Test
    void authorizeWhenTheSameNamesThenTheCurrentProfileAndExactlyItsNames() throws Exception {
        IssuedCertificate current = current("renew-a.example", "renew-a.example", "www.renew-a.example");
        byte[] csr = TestCsrs.csr().subject("CN=renew-a.example").dns("www.renew-a.example", "renew-a.example").build()
                .getEncoded();
        IssuanceGrant grant = authorizer.authorize(current.serial(), csr, "192.0.2.3");
        assertThat(grant.profile()).isEqualTo("server");
        assertThat(grant.names().commonName()).isEqualTo("renew-a.example");
        assertThat(grant.names().sanPatterns()).containsExactly("renew-a.example", "www.renew-a.example");
        assertThat(grant.names().exact()).isTrue();
        assertThat(grant.actor()).isEqualTo(new Actor("cert:" + current.serial(), "192.0.2.3"));
        IssuedCertificate renewed = issuance.issue(new IssuanceRequest(csr, null, grant));
        assertThat(renewed.sans()).containsExactlyInAnyOrder("DNS:renew-a.example", "DNS:www.renew-a.example");
    }

    @Test
    void authorizeWhenTheCsrChangesTheSubjectOrTheSansThenRefused() throws Exception {
        IssuedCertificate current = current("renew-b.example", "renew-b.example");
        byte[] subject = TestCsrs.csr().subject("CN=other.example").dns("renew-b.example").build().getEncoded();
        assertThatThrownBy(() -> authorizer.authorize(current.serial(), subject, null))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS))
                .hasMessageStartingWith("a renewal keeps the subject:");
        byte[] sans = TestCsrs.csr().subject("CN=renew-b.example").dns("renew-b.example", "more.example").build()
                .getEncoded();
        assertThatThrownBy(() -> authorizer.authorize(current.serial(), sans, null))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessage("a renewal keeps the subject alternative names: the CSR asks for [more.example, "
                        + "renew-b.example] but the current certificate has [renew-b.example]");
    }

    @Test
    void authorizeWhenRevokedBeforeOrDuringTheIssuanceThenRefused() throws Exception {
        IssuedCertificate current = current("renew-c.example", "renew-c.example");
        byte[] csr = TestCsrs.csr().subject("CN=renew-c.example").dns("renew-c.example").build().getEncoded();
        IssuanceGrant grant = authorizer.authorize(current.serial(), csr, null);
        revocation.revoke(current.serial(), RevocationReason.keyCompromise, OPERATOR);
        // the grant was made while the certificate was valid; the issuing transaction checks again
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, grant)))
                .isInstanceOf(IssuanceRefusedException.class)
                .hasMessage("the certificate to renew has been revoked");
        assertThatThrownBy(() -> authorizer.authorize(current.serial(), csr, null))
                .isInstanceOf(IssuanceRefusedException.class)
                .hasMessage("the certificate to renew is not a valid certificate of this CA");
    }
}
