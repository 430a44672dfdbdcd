package dev.hallmark.acme.validation;

import static dev.hallmark.acme.validation.ValidationFixture.KEY_AUTHORIZATION;
import static dev.hallmark.acme.validation.ValidationFixture.TOKEN;
import static dev.hallmark.acme.validation.ValidationFixture.dns;
import static dev.hallmark.acme.validation.ValidationFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.TestDnsServer;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dns-01 against a real DNS server on loopback (UDP, and TCP for truncated answers): TXT records,
 * CNAMEs followed and their loops, and every lookup failure with its ACME error type.
 */
class Dns01ValidationTests {

    /** base64url(SHA-256(key authorization)), worked out independently of the validator. */
    private static final String DIGEST = digest(KEY_AUTHORIZATION);

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
        authority = fixture.authority(dnsServer, 80, 443, Duration.ofSeconds(5));
    }

    private ValidationOutcome validate(String name) {
        return authority.validate("dns-01", dns(name), TOKEN, KEY_AUTHORIZATION);
    }

    private static String digest(String keyAuthorization) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(keyAuthorization.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void validateWhenTxtHoldsTheDigestThenValid() {
        dnsServer.txt("_acme-challenge.app.test", DIGEST);

        assertThat(validate("app.test")).isEqualTo(ValidationOutcome.success());
        assertThat(dnsServer.queries()).containsExactly("_acme-challenge.app.test TXT");
        assertThat(fixture.events).containsExactly(new ValidationFinished(ValidationFinished.Kind.DNS_01, null));
    }

    @Test
    void validateWhenDigestIsOneOfSeveralRecordsThenValid() {
        dnsServer.txt("_acme-challenge.app.test", "an older challenge", DIGEST, "v=spf1 -all");

        assertThat(validate("app.test").valid()).isTrue();
    }

    @Test
    void validateWhenChallengeIsDelegatedByCnameThenFollowedAndValid() {
        dnsServer.cname("_acme-challenge.app.test", "app.acme-delegation.test")
                .txt("app.acme-delegation.test", DIGEST);

        assertThat(validate("app.test").valid()).isTrue();
    }

    @Test
    void validateWhenCnameTargetIsNotInTheAnswerThenAskedForAndValid() {
        dnsServer.chaseAliases(false).cname("_acme-challenge.app.test", "_acme-challenge.elsewhere.test")
                .txt("_acme-challenge.elsewhere.test", DIGEST);

        assertThat(validate("app.test").valid()).isTrue();
        assertThat(dnsServer.queries()).containsExactly("_acme-challenge.app.test TXT",
                "_acme-challenge.elsewhere.test TXT");
    }

    @Test
    void validateWhenAnswerIsTooLongForUdpThenAskedAgainOverTcpAndValid() {
        for (int i = 0; i < 20; i++) {
            dnsServer.txt("_acme-challenge.app.test", "filler-" + i + "-" + "x".repeat(90));
        }
        dnsServer.txt("_acme-challenge.app.test", DIGEST);

        assertThat(validate("app.test").valid()).isTrue();
        assertThat(dnsServer.tcpQueries()).isPositive();
    }

    @Test
    void validateWhenWrongTxtThenIncorrectResponseNamingWhatWasFound() {
        dnsServer.txt("_acme-challenge.app.test", digest(TOKEN + ".someone-else"));

        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).isEqualTo("no TXT record at _acme-challenge.app.test holds \"" + DIGEST
                + "\"; found \"" + digest(TOKEN + ".someone-else") + "\"");
        assertThat(fixture.events).containsExactly(new ValidationFinished(ValidationFinished.Kind.DNS_01,
                ValidationError.incorrectResponse));
    }

    @Test
    void validateWhenNameHasNoTxtRecordThenUnauthorized() {
        dnsServer.a("_acme-challenge.app.test", "127.0.0.1");

        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("unauthorized");
        assertThat(outcome.detail()).isEqualTo("no TXT record at _acme-challenge.app.test");
    }

    @Test
    void validateWhenNameDoesNotExistThenDns() {
        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("NXDOMAIN looking up TXT for _acme-challenge.app.test");
    }

    @Test
    void validateWhenCnameTargetDoesNotExistThenDnsNamingTheAlias() {
        dnsServer.cname("_acme-challenge.app.test", "gone.test");

        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("NXDOMAIN looking up TXT for _acme-challenge.app.test (through its alias"
                + " gone.test)");
    }

    @Test
    void validateWhenServfailThenDns() {
        dnsServer.servfail("_acme-challenge.app.test");

        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("SERVFAIL looking up TXT for _acme-challenge.app.test");
    }

    @Test
    void validateWhenCnameLoopAcrossAnswersThenDns() {
        dnsServer.chaseAliases(false).cname("_acme-challenge.app.test", "a.loop.test").cname("a.loop.test",
                "_acme-challenge.app.test");

        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("CNAME loop looking up TXT for _acme-challenge.app.test:"
                + " _acme-challenge.app.test comes back");
        assertThat(dnsServer.queries()).hasSize(2);
    }

    @Test
    void validateWhenCnameLoopThenDns() {
        dnsServer.cname("_acme-challenge.app.test", "a.loop.test").cname("a.loop.test", "b.loop.test")
                .cname("b.loop.test", "a.loop.test");

        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("CNAME loop looking up TXT for _acme-challenge.app.test: a.loop.test"
                + " comes back");
    }

    @Test
    void validateWhenCnameChainLongerThanTheLimitThenDns() {
        dnsServer.cname("_acme-challenge.app.test", "c0.test");
        for (int i = 0; i < DnsLookup.MAX_CNAMES + 1; i++) {
            dnsServer.cname("c" + i + ".test", "c" + (i + 1) + ".test");
        }
        dnsServer.txt("c" + (DnsLookup.MAX_CNAMES + 1) + ".test", DIGEST);

        ValidationOutcome outcome = validate("app.test");

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("more than 8 CNAMEs looking up TXT for _acme-challenge.app.test");
    }

    @Test
    void validateWhenResolverNeverAnswersThenDnsTimeoutWithinTheLimit() {
        dnsServer.silent("_acme-challenge.app.test");
        NetworkValidationAuthority impatient = fixture.authority(dnsServer, 80, 443, Duration.ofMillis(1500));

        ValidationOutcome outcome = impatient.validate("dns-01", dns("app.test"), TOKEN, KEY_AUTHORIZATION);

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).contains("timed out").contains("looking up TXT for _acme-challenge.app.test");
    }

    @Test
    void validateWhenResolverIsNotThereThenDns() {
        TestDnsServer gone = TestDnsServer.start();
        gone.close();
        NetworkValidationAuthority lost = fixture.authority(gone, 80, 443, Duration.ofSeconds(2));

        ValidationOutcome outcome = lost.validate("dns-01", dns("app.test"), TOKEN, KEY_AUTHORIZATION);

        assertThat(outcome.errorType()).isEqualTo("dns");
    }

    @Test
    void validateWhenIpIdentifierThenRejectedIdentifier() {
        ValidationOutcome outcome = authority.validate("dns-01", ip("127.0.0.1"), TOKEN, KEY_AUTHORIZATION);

        assertThat(outcome.errorType()).isEqualTo("rejectedIdentifier");
        assertThat(dnsServer.queries()).isEmpty();
    }
}
