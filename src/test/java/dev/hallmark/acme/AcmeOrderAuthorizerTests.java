package dev.hallmark.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.Violation;
import dev.hallmark.storage.AcmeRecords;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The ACME grant (RFC 8555 section 7.4): exactly the order's identifiers, no more and no fewer, and the order's
 * move to valid in the issuing transaction; driven through the real issuance service and database.
 */
class AcmeOrderAuthorizerTests extends ServiceTest {

    @Autowired
    AcmeOrderAuthorizer authorizer;

    @Autowired
    AcmeRecords records;

    @Autowired
    IssuanceService issuance;

    @Autowired
    CertificateRepository certificates;

    private AcmeAccount account() {
        String id = AcmeNonces.randomToken();
        records.insertAccount(new AcmeRecords.Account(id, id, "{}", AcmeAccount.VALID, List.of(), null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        return new AcmeAccount(id, AcmeAccount.VALID, List.of(), "{}", id, null);
    }

    /** The finalize lease of every order made here. */
    private static final String LEASE = AcmeNonces.randomToken();

    /** An order of the account in processing under {@link #LEASE}, as finalize leaves it before it issues. */
    private AcmeOrder processingOrder(AcmeAccount account, OrderIdentifier... identifiers) {
        String id = AcmeNonces.randomToken();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        records.insertOrder(new AcmeRecords.Order(id, account.id(), AcmeOrder.READY,
                List.of(identifiers).stream().map(OrderIdentifier::stored).toList(), "server", null, null,
                now.plus(1, ChronoUnit.HOURS), null, null, now));
        assertThat(records.claimFinalize(id, LEASE, now.plus(1, ChronoUnit.HOURS), new byte[0])).isEqualTo(1);
        return new AcmeOrder(id, account.id(), AcmeOrder.PROCESSING, now.plus(1, ChronoUnit.HOURS),
                List.of(identifiers), List.of(), "server", false, null, null, null);
    }

    private static OrderIdentifier dns(String name) {
        return name.startsWith("*.") ? new OrderIdentifier(OrderIdentifier.DNS, name.substring(2), true)
                : new OrderIdentifier(OrderIdentifier.DNS, name, false);
    }

    private static OrderIdentifier ip(String address) {
        return new OrderIdentifier(OrderIdentifier.IP, address, false);
    }

    @Test
    void authorizeWhenOrderThenItsProfileExactlyItsIdentifiersAndTheAccountAsActor() throws Exception {
        AcmeAccount account = account();
        AcmeOrder order = processingOrder(account, dns("Grant-A.example"), dns("*.grant-b.example"), ip("2001:db8::1"));
        IssuanceGrant grant = authorizer.authorize(account, order, LEASE, "192.0.2.4");
        assertThat(grant.profile()).isEqualTo("server");
        assertThat(grant.names().exact()).isTrue();
        assertThat(grant.names().commonName()).isNull();
        assertThat(grant.names().sanPatterns()).containsExactly("grant-a.example", "*.grant-b.example", "2001:db8:0:0:0:0:0:1");
        assertThat(grant.actor().name()).isEqualTo("acme:" + account.id());
        assertThat(grant.actor().remoteAddress()).isEqualTo("192.0.2.4");
    }

    @Test
    void authorizeWhenTheCsrHasTheOrdersNamesThenIssuedAndTheOrderValidWithItsCertificate() throws Exception {
        AcmeAccount account = account();
        AcmeOrder order = processingOrder(account, dns("grant-c.example"), ip("192.0.2.44"));
        byte[] csr = TestCsrs.csr().subject("CN=grant-c.example").dns("grant-c.example").ip("192.0.2.44").build()
                .getEncoded();
        IssuedCertificate issued = issuance.issue(new IssuanceRequest(csr, null, authorizer.authorize(account, order, LEASE,
                null)));
        AcmeRecords.Order stored = records.findOrder(order.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(AcmeOrder.VALID);
        assertThat(stored.certificateSerial()).isEqualTo(issued.serial());
        assertThat(certificates.findBySerial(issued.serial()).orElseThrow().requester())
                .isEqualTo("acme:" + account.id());

        // the order left processing: a second issuance under the same grant is refused before it signs
        long before = certificates.count();
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, authorizer.authorize(account, order, LEASE,
                null)))).isInstanceOfSatisfying(IssuanceRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(IssuanceRefusedException.Reason.CONFLICT));
        assertThat(certificates.count()).isEqualTo(before);
    }

    @Test
    void authorizeWhenTheLeaseWasTakenOverThenTheFormerHolderIsRefusedAndOnlyTheTakerIssues() throws Exception {
        AcmeAccount account = account();
        AcmeOrder order = processingOrder(account, dns("grant-i.example"));
        byte[] csr = TestCsrs.csr().subject("CN=grant-i.example").dns("grant-i.example").build().getEncoded();
        Instant later = Instant.now().plus(2, ChronoUnit.HOURS); // the claim's lease has run out by then
        String taker = AcmeNonces.randomToken();
        assertThat(records.takeOverFinalize(order.id(), taker, later, later.plusSeconds(60), csr)).isEqualTo(1);
        assertThat(records.takeOverFinalize(order.id(), AcmeNonces.randomToken(), later, later.plusSeconds(60), csr))
                .as("a second taker while the first holds it").isZero();

        long before = certificates.count();
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, authorizer.authorize(account, order,
                LEASE, null))))
                .isInstanceOf(IssuanceRefusedException.class)
                .hasMessage("order " + order.id() + " is no longer held by this finalize: its lease ran out and another"
                        + " finalize took it over");
        assertThat(certificates.count()).isEqualTo(before);

        IssuedCertificate issued = issuance.issue(new IssuanceRequest(csr, null, authorizer.authorize(account, order,
                taker, null)));
        assertThat(records.findOrder(order.id()).orElseThrow().certificateSerial()).isEqualTo(issued.serial());
        assertThat(certificates.count()).isEqualTo(before + 1);
    }

    @Test
    void authorizeWhenTheCsrHasMoreOrFewerNamesThenPolicyRefusesAndTheOrderStaysProcessing() throws Exception {
        AcmeAccount account = account();
        AcmeOrder order = processingOrder(account, dns("grant-d.example"), dns("*.grant-e.example"));
        IssuanceGrant grant = authorizer.authorize(account, order, LEASE, null);
        List<byte[]> wrong = List.of(
                TestCsrs.csr().subject("CN=grant-d.example").dns("grant-d.example").build().getEncoded(),
                TestCsrs.csr().subject("CN=grant-d.example").dns("grant-d.example", "*.grant-e.example",
                        "grant-f.example").build().getEncoded(),
                // a wildcard identifier is the wildcard name, not a pattern for names under it
                TestCsrs.csr().subject("CN=grant-d.example").dns("grant-d.example", "host.grant-e.example").build()
                        .getEncoded(),
                TestCsrs.csr().subject("CN=other.example").dns("grant-d.example", "*.grant-e.example").build()
                        .getEncoded());
        for (byte[] csr : wrong) {
            assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, grant)))
                    .isInstanceOfSatisfying(PolicyViolationException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS));
        }
        assertThat(records.findOrder(order.id()).orElseThrow().status()).isEqualTo(AcmeOrder.PROCESSING);
    }

    @Test
    void authorizeWhenTheCsrsSubjectAltNameIsNotASanListThenPolicyRefusesItByName() throws Exception {
        AcmeAccount account = account();
        AcmeOrder order = processingOrder(account, dns("grant-h.example"));
        byte[] csr = TestCsrs.csr().subject("CN=grant-h.example")
                .rawExtension(Extension.subjectAlternativeName, false, new byte[] {0x0c, 0x01, 'x'}).build().getEncoded();
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(csr, null, authorizer.authorize(account, order, LEASE, null))))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessage("the CSR asks for subjectAltName with a value that is not one (empty or of another ASN.1 type)");
        assertThat(records.findOrder(order.id()).orElseThrow().status()).isEqualTo(AcmeOrder.PROCESSING);
    }

    @Test
    void authorizeWhenAnotherAccountsOrderThenNotFound() throws Exception {
        AcmeOrder order = processingOrder(account(), dns("grant-g.example"));
        assertThatThrownBy(() -> authorizer.authorize(account(), order, LEASE, null))
                .isInstanceOfSatisfying(AcmeException.class,
                        e -> assertThat(e.problem()).isEqualTo(AcmeProblem.malformed));
    }
}
