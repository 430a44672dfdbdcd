package dev.hallmark.acme.validation;

import static dev.hallmark.acme.validation.ValidationFixture.KEY_AUTHORIZATION;
import static dev.hallmark.acme.validation.ValidationFixture.TOKEN;
import static dev.hallmark.acme.validation.ValidationFixture.dns;
import static dev.hallmark.acme.validation.ValidationFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.acme.validation.AlpnTestServer.Alpn;
import dev.hallmark.acme.validation.AlpnTestServer.CertificateSpec;
import dev.hallmark.support.TestDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tls-alpn-01 (RFC 8737, RFC 8738) against a real JDK TLS server with the acme-tls/1 ALPN selector
 * and Bouncy Castle certificates: what passes, and each way a responder gets it wrong.
 */
class TlsAlpn01ValidationTests {

    private static final GeneralName APP = new GeneralName(GeneralName.dNSName, "app.test");
    private static final GeneralName LOOPBACK = new GeneralName(GeneralName.iPAddress, "127.0.0.1");

    private static TestDnsServer dnsServer;

    private final ValidationFixture fixture = new ValidationFixture();
    private AlpnTestServer server;

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
        dnsServer.a("app.test", "127.0.0.1");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ValidationOutcome validate(AcmeIdentifier identifier, CertificateSpec spec, Alpn alpn) {
        return validate(identifier, spec, alpn, Duration.ofSeconds(5));
    }

    private ValidationOutcome validate(AcmeIdentifier identifier, CertificateSpec spec, Alpn alpn, Duration timeout) {
        server = AlpnTestServer.start(spec, alpn);
        return fixture.authority(dnsServer, ValidationFixture.closedPort(), server.port(), timeout)
                .validate("tls-alpn-01", identifier, TOKEN, KEY_AUTHORIZATION);
    }

    private String where() {
        return "app.test (127.0.0.1:" + server.port() + ")";
    }

    @Test
    void validateWhenResponderFollowsRfc8737ThenValidWithSniAndOnlyAcmeTls() {
        ValidationOutcome outcome = validate(dns("app.test"), CertificateSpec.valid(APP, KEY_AUTHORIZATION), Alpn.ACME);

        assertThat(outcome).isEqualTo(ValidationOutcome.success());
        assertThat(server.sniSeen()).containsExactly("app.test");
        assertThat(server.protocolsOffered()).containsExactly(List.of("acme-tls/1"));
        assertThat(fixture.events).containsExactly(new ValidationFinished(ValidationFinished.Kind.TLS_ALPN_01, null));
    }

    @Test
    void validateWhenSanUsesOtherCaseThenValid() {
        GeneralName upper = new GeneralName(GeneralName.dNSName, "APP.Test");

        assertThat(validate(dns("app.test"), CertificateSpec.valid(upper, KEY_AUTHORIZATION), Alpn.ACME).valid()).isTrue();
    }

    @Test
    void validateWhenIpIdentifierThenSniIsTheReverseNameAndSanTheAddress() {
        ValidationOutcome outcome = validate(ip("127.0.0.1"), CertificateSpec.valid(LOOPBACK, KEY_AUTHORIZATION),
                Alpn.ACME);

        assertThat(outcome.valid()).isTrue();
        assertThat(server.sniSeen()).containsExactly("1.0.0.127.in-addr.arpa");
        assertThat(dnsServer.queries()).isEmpty();
    }

    @Test
    void reverseNameWhenIpv6ThenNibblesUnderIp6Arpa() throws Exception {
        assertThat(TlsAlpn01Validator.reverseName(InetAddress.getByName("2001:db8::567:89ab")))
                .isEqualTo("b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    }

    @Test
    void validateWhenServerIgnoresAlpnThenTls() {
        ValidationOutcome outcome = validate(dns("app.test"), CertificateSpec.valid(APP, KEY_AUTHORIZATION), Alpn.IGNORE);

        assertThat(outcome.errorType()).isEqualTo("tls");
        assertThat(outcome.detail()).isEqualTo(where() + " did not negotiate the ALPN protocol acme-tls/1 (it chose none)");
    }

    @Test
    void validateWhenServerRefusesAcmeTlsThenTls() {
        ValidationOutcome outcome = validate(dns("app.test"), CertificateSpec.valid(APP, KEY_AUTHORIZATION), Alpn.REFUSE);

        assertThat(outcome.errorType()).isEqualTo("tls");
        assertThat(outcome.detail()).startsWith("the TLS handshake with " + where() + " for acme-tls/1 failed: ");
    }

    @Test
    void validateWhenExtensionMissingThenIncorrectResponse() {
        ValidationOutcome outcome = validate(dns("app.test"), new CertificateSpec(List.of(APP), null, false, true),
                Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).isEqualTo("the certificate from " + where()
                + " has no acmeIdentifier extension (1.3.6.1.5.5.7.1.31)");
    }

    @Test
    void validateWhenExtensionNotCriticalThenIncorrectResponse() {
        ValidationOutcome outcome = validate(dns("app.test"), new CertificateSpec(List.of(APP),
                Dns01Validator.sha256(KEY_AUTHORIZATION), false, true), Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).isEqualTo("the acmeIdentifier extension of the certificate from " + where()
                + " is not critical");
    }

    @Test
    void validateWhenExtensionHoldsAnotherDigestThenIncorrectResponse() {
        ValidationOutcome outcome = validate(dns("app.test"), CertificateSpec.valid(APP, TOKEN + ".other"), Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).isEqualTo("the acmeIdentifier extension of the certificate from " + where()
                + " does not hold the SHA-256 of the key authorization");
    }

    @Test
    void validateWhenDigestNotWrappedInAnOctetStringThenIncorrectResponse() {
        ValidationOutcome outcome = validate(dns("app.test"), new CertificateSpec(List.of(APP),
                Dns01Validator.sha256(KEY_AUTHORIZATION), true, false), Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).contains("acmeIdentifier extension");
    }

    @Test
    void validateWhenSanNamesAnotherHostThenIncorrectResponse() {
        ValidationOutcome outcome = validate(dns("app.test"),
                CertificateSpec.valid(new GeneralName(GeneralName.dNSName, "other.test"), KEY_AUTHORIZATION), Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).isEqualTo("the certificate from " + where()
                + " names DNS:other.test, not DNS:app.test");
    }

    @Test
    void validateWhenSanHasMoreThanTheIdentifierThenIncorrectResponse() {
        ValidationOutcome outcome = validate(dns("app.test"), new CertificateSpec(List.of(APP,
                new GeneralName(GeneralName.dNSName, "extra.test")), Dns01Validator.sha256(KEY_AUTHORIZATION), true,
                true), Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).isEqualTo("the certificate from " + where()
                + " must name exactly DNS:app.test in its subjectAltName; it has 2 names");
    }

    @Test
    void validateWhenIpIdentifierButSanIsADnsNameThenIncorrectResponse() {
        ValidationOutcome outcome = validate(ip("127.0.0.1"),
                CertificateSpec.valid(new GeneralName(GeneralName.dNSName, "127.0.0.1"), KEY_AUTHORIZATION), Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("incorrectResponse");
        assertThat(outcome.detail()).endsWith(" names DNS:127.0.0.1, not IP:127.0.0.1");
    }

    @Test
    void validateWhenNothingListensThenConnection() {
        ValidationOutcome outcome = fixture.authority(dnsServer, ValidationFixture.closedPort(),
                ValidationFixture.closedPort(), Duration.ofSeconds(5))
                .validate("tls-alpn-01", dns("app.test"), TOKEN, KEY_AUTHORIZATION);

        assertThat(outcome.errorType()).isEqualTo("connection");
    }

    @Test
    void validateWhenServerNeverHandshakesThenConnectionTimeout() {
        ValidationOutcome outcome = validate(dns("app.test"), CertificateSpec.valid(APP, KEY_AUTHORIZATION), Alpn.SILENT,
                Duration.ofMillis(1500));

        assertThat(outcome.errorType()).isEqualTo("connection");
        assertThat(outcome.detail()).isEqualTo("timed out in the TLS handshake with " + where()
                + " (the validation may take 1.5 s in all)");
    }

    @Test
    void validateWhenNameResolvesToLinkLocalThenDns() {
        dnsServer.a("metadata.test", "169.254.169.254");

        ValidationOutcome outcome = validate(dns("metadata.test"), CertificateSpec.valid(APP, KEY_AUTHORIZATION),
                Alpn.ACME);

        assertThat(outcome.errorType()).isEqualTo("dns");
        assertThat(server.sniSeen()).isEmpty();
    }
}
