package dev.hallmark.acme.validation;

import static dev.hallmark.acme.validation.ValidationFixture.CA;
import static dev.hallmark.acme.validation.ValidationFixture.dns;
import static dev.hallmark.acme.validation.ValidationFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.TestDnsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CAA (RFC 8659, with RFC 8657's parameters) against a real DNS server on loopback; this CA's
 * identity is {@value ValidationFixture#CA}.
 */
class CaaCheckTests {

    private static TestDnsServer dnsServer;

    private final ValidationFixture fixture = new ValidationFixture();
    private NetworkValidationAuthority authority;

    @BeforeAll
    static void startDns() {
        dnsServer = TestDnsServer.start();
    }

    @AfterAll
    static void stopDns() {
        dnsServer.close();
    }

    @BeforeEach
    void zone() {
        dnsServer.clear();
        dnsServer.a("app.example.test", "127.0.0.1");
        authority = fixture.authority(dnsServer, 80, 443, Duration.ofSeconds(5));
    }

    private ValidationOutcome check(String name) {
        return authority.checkCaa(dns(name), false);
    }

    private ValidationOutcome checkWildcard(String name) {
        return authority.checkCaa(dns(name), true);
    }

    @Test
    void checkCaaWhenNoRecordUpToTheRootThenValidAfterClimbing() {
        assertThat(check("app.example.test")).isEqualTo(ValidationOutcome.success());
        assertThat(dnsServer.queries()).containsExactly("app.example.test CAA", "example.test CAA", "test CAA");
        assertThat(fixture.events).containsExactly(new ValidationFinished(ValidationFinished.Kind.CAA, null));
    }

    @Test
    void checkCaaWhenIssueNamesThisCaThenValid() {
        dnsServer.caa("app.example.test", 0, "issue", CA);

        assertThat(check("app.example.test").valid()).isTrue();
        assertThat(dnsServer.queries()).containsExactly("app.example.test CAA");
    }

    @Test
    void checkCaaWhenIssueNamesThisCaInOtherCaseWithSpacesAndAnUnknownParameterThenValid() {
        dnsServer.caa("app.example.test", 0, "ISSUE", "  CA.Hallmark.Test ; policy=ev ");

        assertThat(check("app.example.test").valid()).isTrue();
    }

    @Test
    void checkCaaWhenIssueNamesAnotherCaThenCaa() {
        dnsServer.caa("app.example.test", 0, "issue", "letsencrypt.org");

        ValidationOutcome outcome = check("app.example.test");

        assertThat(outcome.errorType()).isEqualTo("caa");
        assertThat(outcome.detail()).isEqualTo("CAA at app.example.test does not allow " + CA
                + " to issue for app.example.test: issue \"letsencrypt.org\"");
        assertThat(fixture.events).containsExactly(new ValidationFinished(ValidationFinished.Kind.CAA,
                ValidationError.caa));
    }

    @Test
    void checkCaaWhenOneOfSeveralIssueRecordsNamesThisCaThenValid() {
        dnsServer.caa("app.example.test", 0, "issue", "letsencrypt.org").caa("app.example.test", 0, "issue", CA);

        assertThat(check("app.example.test").valid()).isTrue();
    }

    @Test
    void checkCaaWhenIssueNamesNoCaThenCaa() {
        dnsServer.caa("example.test", 0, "issue", ";");

        assertThat(check("app.example.test").errorType()).isEqualTo("caa");
    }

    @Test
    void checkCaaWhenParentForbidsThenCaaFoundByClimbing() {
        dnsServer.caa("example.test", 0, "issue", "letsencrypt.org");

        ValidationOutcome outcome = check("app.example.test");

        assertThat(outcome.errorType()).isEqualTo("caa");
        assertThat(outcome.detail()).startsWith("CAA at example.test does not allow");
        assertThat(dnsServer.queries()).containsExactly("app.example.test CAA", "example.test CAA");
    }

    @Test
    void checkCaaWhenNameHasItsOwnRecordsThenTheParentsDoNotCount() {
        dnsServer.caa("example.test", 0, "issue", "letsencrypt.org").caa("app.example.test", 0, "issue", CA);

        assertThat(check("app.example.test").valid()).isTrue();
    }

    @Test
    void checkCaaWhenNameIsAnAliasThenTheTargetsRecordsCount() {
        dnsServer.cname("app.example.test", "lb.hosting.test").caa("lb.hosting.test", 0, "issue", "letsencrypt.org");

        assertThat(check("app.example.test").errorType()).isEqualTo("caa");
    }

    @Test
    void checkCaaWhenIssuewildForbidsThenWildcardRefusedAndTheBaseNameAllowed() {
        dnsServer.caa("example.test", 0, "issue", CA).caa("example.test", 0, "issuewild", "letsencrypt.org");

        ValidationOutcome wildcard = checkWildcard("example.test");

        assertThat(wildcard.errorType()).isEqualTo("caa");
        assertThat(wildcard.detail()).isEqualTo("CAA at example.test does not allow " + CA
                + " to issue for *.example.test: issuewild \"letsencrypt.org\"");
        assertThat(check("example.test").valid()).isTrue();
    }

    @Test
    void checkCaaWhenIssuewildNamesThisCaThenWildcardAllowedAndTheBaseNameRefused() {
        dnsServer.caa("example.test", 0, "issue", "letsencrypt.org").caa("example.test", 0, "issuewild", CA);

        assertThat(checkWildcard("example.test").valid()).isTrue();
        assertThat(check("example.test").errorType()).isEqualTo("caa");
    }

    @Test
    void checkCaaWhenOnlyIssueForWildcardThenIssueDecides() {
        dnsServer.caa("example.test", 0, "issue", CA);

        assertThat(checkWildcard("example.test").valid()).isTrue();
    }

    @Test
    void checkCaaWhenCriticalUnknownTagThenCaaEvenThoughIssueAllows() {
        dnsServer.caa("app.example.test", 0, "issue", CA).caa("app.example.test", 128, "tbs", "something");

        ValidationOutcome outcome = check("app.example.test");

        assertThat(outcome.errorType()).isEqualTo("caa");
        assertThat(outcome.detail()).isEqualTo("the CAA records at app.example.test have a critical property \"tbs\""
                + " that this CA does not understand, which forbids issuance for app.example.test");
    }

    @Test
    void checkCaaWhenUnknownTagNotCriticalThenIgnored() {
        dnsServer.caa("app.example.test", 0, "issue", CA).caa("app.example.test", 0, "tbs", "something");

        assertThat(check("app.example.test").valid()).isTrue();
    }

    @Test
    void checkCaaWhenOnlyIodefThenValid() {
        dnsServer.caa("app.example.test", 128, "iodef", "mailto:security@example.test");

        assertThat(check("app.example.test").valid()).isTrue();
    }

    @Test
    void checkCaaWhenRecordIsBoundToAnAccountThenCaaSinceTheAccountIsNotKnownHere() {
        dnsServer.caa("app.example.test", 0, "issue", CA + "; accounturi=https://ca.hallmark.test/acme/acct/1");

        ValidationOutcome outcome = check("app.example.test");

        assertThat(outcome.errorType()).isEqualTo("caa");
        assertThat(outcome.detail()).endsWith("(accounturi and validationmethods are not checked by this CA, so a"
                + " record carrying them does not authorize)");
    }

    @Test
    void checkCaaWhenRecordIsBoundToValidationMethodsThenCaa() {
        dnsServer.caa("app.example.test", 0, "issue", CA + "; validationmethods=dns-01");

        assertThat(check("app.example.test").errorType()).isEqualTo("caa");
    }

    @Test
    void checkCaaWhenValueIsMalformedThenItAuthorizesNothing() {
        dnsServer.caa("app.example.test", 0, "issue", CA + "; =broken");

        assertThat(check("app.example.test").errorType()).isEqualTo("caa");
    }

    @Test
    void checkCaaWhenLookupFailsThenDnsSinceOnlyAnAnswerOfNoCaaAllows() {
        dnsServer.servfail("example.test");

        ValidationOutcome outcome = check("app.example.test");

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("SERVFAIL looking up CAA for example.test");
    }

    @Test
    void checkCaaWhenResolverNeverAnswersThenDnsTimeout() {
        dnsServer.silent("app.example.test");
        NetworkValidationAuthority impatient = fixture.authority(dnsServer, 80, 443, Duration.ofMillis(1500));

        ValidationOutcome outcome = impatient.checkCaa(dns("app.example.test"), false);

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).contains("timed out");
    }

    @Test
    void checkCaaWhenIpIdentifierThenValidWithoutLookup() {
        assertThat(authority.checkCaa(ip("10.0.0.5"), false)).isEqualTo(ValidationOutcome.success());
        assertThat(dnsServer.queries()).isEmpty();
    }
}
