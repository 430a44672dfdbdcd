package dev.hallmark.acme.validation;

import static dev.hallmark.acme.validation.ValidationFixture.CHALLENGE_PATH;
import static dev.hallmark.acme.validation.ValidationFixture.KEY_AUTHORIZATION;
import static dev.hallmark.acme.validation.ValidationFixture.TOKEN;
import static dev.hallmark.acme.validation.ValidationFixture.dns;
import static dev.hallmark.acme.validation.ValidationFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.TestDnsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * http-01 against a real HTTP server and a real DNS server on loopback: what passes, and each way it
 * fails with its ACME error type.
 */
class Http01ValidationTests {

    private static TestDnsServer dnsServer;

    private final ValidationFixture fixture = new ValidationFixture();
    private ChallengeHttpServer http;
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
    void start() {
        dnsServer.clear();
        http = ChallengeHttpServer.start();
        authority = fixture.authority(dnsServer, http.port(), ValidationFixture.closedPort(), Duration.ofSeconds(5));
        dnsServer.a("app.test", "127.0.0.1");
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private ValidationOutcome validate(AcmeIdentifier identifier) {
        return authority.validate("http-01", identifier, TOKEN, KEY_AUTHORIZATION);
    }

    private String url(String host) {
        return "http://" + host + ":" + http.port();
    }

    @Test
    void validateWhenKeyAuthorizationServedThenValidAndAskedWithTheIdentifierAsHost() {
        http.serve(CHALLENGE_PATH, 200, KEY_AUTHORIZATION);

        assertThat(validate(dns("app.test"))).isEqualTo(ValidationOutcome.success());
        assertThat(http.requests()).singleElement().satisfies(request -> {
            assertThat(request.pathAndQuery()).isEqualTo(CHALLENGE_PATH);
            assertThat(request.host()).isEqualTo("app.test:" + http.port());
            assertThat(request.userAgent()).startsWith("Hallmark-ACME-VA");
        });
        assertThat(dnsServer.queries()).contains("app.test AAAA", "app.test A");
        assertThat(fixture.events).containsExactly(new ValidationFinished(ValidationFinished.Kind.HTTP_01, null));
    }

    @Test
    void validateWhenBodyEndsInWhitespaceThenValid() {
        http.serve(CHALLENGE_PATH, 200, KEY_AUTHORIZATION + "\r\n \t\n");

        assertThat(validate(dns("app.test")).valid()).isTrue();
    }

    @Test
    void validateWhenBodyIsChunkedThenValid() {
        http.serveChunked(CHALLENGE_PATH, KEY_AUTHORIZATION + "\n");

        assertThat(validate(dns("app.test")).valid()).isTrue();
    }

    @Test
    void validateWhenIpIdentifierThenConnectsToTheAddressWithItAsHost() {
        http.serve(CHALLENGE_PATH, 200, KEY_AUTHORIZATION);

        assertThat(validate(ip("127.0.0.1")).valid()).isTrue();
        assertThat(http.requests()).singleElement().extracting(ChallengeHttpServer.Request::host)
                .isEqualTo("127.0.0.1:" + http.port());
        assertThat(dnsServer.queries()).isEmpty();
    }

    @Test
    void validateWhenIpv6AddressDoesNotConnectThenFallsBackToIpv4() {
        dnsServer.aaaa("app.test", "::1");    // the test server listens on 127.0.0.1 only
        http.serve(CHALLENGE_PATH, 200, KEY_AUTHORIZATION);

        assertThat(validate(dns("app.test")).valid()).isTrue();
    }

    @Test
    void validateWhenWrongContentThenIncorrectResponseNamingWhatWasSeen() {
        http.serve(CHALLENGE_PATH, 200, TOKEN + ".someone-elses-thumbprint");

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).isEqualTo("the key authorization at " + url("app.test") + CHALLENGE_PATH
                + " does not match: expected \"" + KEY_AUTHORIZATION + "\", got \"" + TOKEN
                + ".someone-elses-thumbprint\"");
        assertThat(fixture.events).containsExactly(new ValidationFinished(ValidationFinished.Kind.HTTP_01,
                ValidationError.incorrectResponse));
    }

    @Test
    void validateWhenBodyLongerThanTheLimitThenIncorrectResponse() {
        http.serve(CHALLENGE_PATH, 200, KEY_AUTHORIZATION + " ".repeat(Http01Validator.MAX_BODY));

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).contains("is longer than 4096 bytes");
    }

    @Test
    void validateWhenChunkedBodyLongerThanTheLimitThenIncorrectResponse() {
        http.serveChunked(CHALLENGE_PATH, "x".repeat(Http01Validator.MAX_BODY + 1));

        assertThat(validate(dns("app.test")).errorType()).isEqualTo("incorrectResponse");
    }

    @Test
    void validateWhenNotFoundThenUnauthorized() {
        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("unauthorized");
        assertThat(outcome.detail()).isEqualTo(url("app.test") + CHALLENGE_PATH
                + " answered 404, not 200 with the key authorization");
    }

    @Test
    void validateWhenNothingListensThenConnection() {
        NetworkValidationAuthority closed = fixture.authority(dnsServer, ValidationFixture.closedPort(),
                ValidationFixture.closedPort(), Duration.ofSeconds(5));

        ValidationOutcome outcome = closed.validate("http-01", dns("app.test"), TOKEN, KEY_AUTHORIZATION);

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).startsWith("could not connect to 127.0.0.1:").endsWith(" for app.test");
    }

    @Test
    void validateWhenServerNeverAnswersThenConnectionTimeoutWithinTheLimit() {
        http.hang(CHALLENGE_PATH);
        NetworkValidationAuthority impatient = fixture.authority(dnsServer, http.port(), ValidationFixture.closedPort(),
                Duration.ofMillis(1500));

        ValidationOutcome outcome = impatient.validate("http-01", dns("app.test"), TOKEN, KEY_AUTHORIZATION);

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).isEqualTo("timed out waiting for " + url("app.test") + CHALLENGE_PATH
                + " (the validation may take 1.5 s in all)");
    }

    @Test
    void validateWhenNameDoesNotExistThenDns() {
        ValidationOutcome outcome = validate(dns("missing.test"));

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("NXDOMAIN looking up A and AAAA for missing.test");
    }

    @Test
    void validateWhenNameResolvesOnlyToLinkLocalThenDnsAndNothingIsContacted() {
        dnsServer.a("metadata.test", "169.254.169.254").aaaa("metadata.test", "fe80::1");

        ValidationOutcome outcome = validate(dns("metadata.test"));

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).isEqualTo("no address of metadata.test may be contacted: fe80:0:0:0:0:0:0:1 is"
                + " link-local, which the validation authority never contacts; 169.254.169.254 is link-local, which"
                + " the validation authority never contacts");
    }

    @Test
    void validateWhenNameResolvesToLinkLocalAndLoopbackThenOnlyLoopbackIsContacted() {
        dnsServer.aaaa("app.test", "fe80::1").a("app.test", "169.254.169.254");    // beside 127.0.0.1
        http.serve(CHALLENGE_PATH, 200, KEY_AUTHORIZATION);

        assertThat(validate(dns("app.test")).valid()).isTrue();
    }

    @Test
    void validateWhenIpIdentifierIsLinkLocalThenRejectedIdentifier() {
        ValidationOutcome outcome = validate(ip("169.254.169.254"));

        assertThat(outcome.errorType()).isEqualTo("rejectedIdentifier");
        assertThat(outcome.detail()).isEqualTo("169.254.169.254 is link-local, which the validation authority never"
                + " contacts");
    }

    @Test
    void validateWhenIpv4MappedLinkLocalThenRejectedIdentifier() {
        assertThat(validate(ip("::ffff:169.254.169.254")).errorType()).isEqualTo("rejectedIdentifier");
        assertThat(validate(ip("::169.254.1.1")).errorType()).isEqualTo("rejectedIdentifier");
    }

    @Test
    void validateWhenRedirectedToAnotherNameOnTheConfiguredPortThenFollowed() {
        dnsServer.a("files.test", "127.0.0.1");
        http.redirect(CHALLENGE_PATH, 302, url("files.test") + "/acme/" + TOKEN + "?from=app");
        http.serve("/acme/" + TOKEN + "?from=app", 200, KEY_AUTHORIZATION);

        assertThat(validate(dns("app.test")).valid()).isTrue();
        assertThat(http.requests()).extracting(ChallengeHttpServer.Request::host)
                .containsExactly("app.test:" + http.port(), "files.test:" + http.port());
    }

    @Test
    void validateWhenRelativeRedirectThenFollowedOnTheSameHost() {
        http.redirect(CHALLENGE_PATH, 301, "/elsewhere");
        http.serve("/elsewhere", 200, KEY_AUTHORIZATION);

        assertThat(validate(dns("app.test")).valid()).isTrue();
    }

    @Test
    void validateWhenRedirectedToAnotherPortThenConnection() {
        http.redirect(CHALLENGE_PATH, 302, "http://app.test:8081/x");

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).isEqualTo("redirect to http://app.test:8081/x not followed: http only on port 80"
                + " or " + http.port());
    }

    @Test
    void validateWhenRedirectedToAnotherSchemeThenConnection() {
        http.redirect(CHALLENGE_PATH, 302, "ftp://app.test/" + TOKEN);

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).isEqualTo("redirect to ftp://app.test/" + TOKEN
                + " not followed: only http and https");
    }

    @Test
    void validateWhenRedirectedToAnIpAddressThenConnectionSinceNoResolverGaveIt() {
        http.redirect(CHALLENGE_PATH, 302, "http://127.0.0.1:" + http.port() + "/x");
        http.serve("/x", 200, KEY_AUTHORIZATION);

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).endsWith("not followed: the validation authority connects only to addresses the"
                + " resolvers give for a name, or to the ip identifier itself");
        assertThat(http.requests()).hasSize(1);
    }

    @Test
    void validateWhenRedirectedToTheLinkLocalMetadataAddressThenConnection() {
        http.redirect(CHALLENGE_PATH, 302, "http://169.254.169.254/latest/meta-data/");

        assertThat(validate(dns("app.test")).errorType()).isEqualTo("connection");
    }

    @Test
    void validateWhenRedirectedToANameWithOnlyALinkLocalAddressThenDns() {
        dnsServer.a("metadata.test", "169.254.169.254");
        http.redirect(CHALLENGE_PATH, 302, "http://metadata.test/latest/meta-data/");

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(outcome.detail()).contains("169.254.169.254 is link-local");
    }

    @Test
    void validateWhenRedirectLoopThenConnection() {
        http.redirect(CHALLENGE_PATH, 302, "/a");
        http.redirect("/a", 302, CHALLENGE_PATH);

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).isEqualTo("redirect loop: " + url("app.test") + "/a redirects to "
                + url("app.test") + CHALLENGE_PATH + ", which was already asked");
    }

    @Test
    void validateWhenMoreThanTenRedirectsThenConnection() {
        http.redirect(CHALLENGE_PATH, 307, "/r0");
        for (int i = 0; i < 11; i++) {
            http.redirect("/r" + i, 308, "/r" + (i + 1));
        }
        http.serve("/r11", 200, KEY_AUTHORIZATION);

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).isEqualTo("more than 10 redirects, the last from " + url("app.test") + "/r9");
    }

    @Test
    void validateWhenRedirectHasNoLocationThenConnection() {
        http.serve(CHALLENGE_PATH, 302, "");

        ValidationOutcome outcome = validate(dns("app.test"));

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).endsWith(" answered 302 without a Location");
    }
}
