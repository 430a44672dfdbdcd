package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.hallmark.profile.ProfileCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CSRs from openssl, keytool, python cryptography and Bouncy Castle (see csr/README.md). */
class GoldenCsrTests {

    private static final Path DIR = Path.of("src/test/resources/csr");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final int SIGN = KeyUsage.digitalSignature;
    private static final int SIGN_AND_ENCIPHER = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;

    private final IssuancePolicy policy = new IssuancePolicy(new ProfileCatalog(List.of()), Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("openssl-ec-p256-sans.csr", "server", SIGN,
                        List.of("DNS:web.example", "DNS:www.web.example", "IP:10.0.0.1")),
                arguments("openssl-rsa-2048.csr", "server", SIGN_AND_ENCIPHER, List.of("DNS:rsa.example")),
                arguments("openssl-ed25519.csr", "server", SIGN, List.of("DNS:ed.example")),
                arguments("openssl-ec-p384-device.csr", "device", SIGN, List.of()),
                arguments("keytool-ec-p256.csr", "server", SIGN, List.of("DNS:keytool.example", "DNS:api.keytool.example")),
                arguments("keytool-rsa-2048-client.csr", "client", SIGN, List.of("EMAIL:client7@example.com")),
                arguments("python-ec-p384-wildcard.csr", "server", SIGN,
                        List.of("DNS:*.py.example", "DNS:py.example", "IP:2001:db8:0:0:0:0:0:1")),
                arguments("python-rsa-3072-client.csr", "client", SIGN, List.of("EMAIL:alice@example.com")),
                arguments("bc-ed25519-device.csr", "device", SIGN, List.of("URI:urn:dev:sensor-17")),
                arguments("bc-ec-p256-client.csr", "client", SIGN, List.of("EMAIL:carol@example.com")));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("openssl-rsa-1024.csr", "server", Violation.WEAK_KEY,
                        "RSA key of 1024 bits is too weak; use at least 2048 bits"),
                arguments("openssl-ec-secp256k1.csr", "server", Violation.UNSUPPORTED_KEY,
                        "EC curve secp256k1 is not supported; use P-256, P-384 or P-521"),
                arguments("openssl-ca-true.csr", "server", Violation.CA_REQUESTED,
                        "the CSR asks for basicConstraints cA=true; profile 'server' issues end-entity certificates only"),
                arguments("openssl-keycertsign.csr", "server", Violation.CA_REQUESTED,
                        "the CSR asks for keyUsage keyCertSign; profile 'server' issues end-entity certificates only"),
                arguments("openssl-ec-p256-bad-signature.der", "server", Violation.BAD_CSR_SIGNATURE,
                        "the CSR's signature does not verify with its public key (proof of possession failed)"),
                arguments("openssl-ec-p256-sans.csr", "client", Violation.FORBIDDEN_NAME,
                        "SAN type IP (10.0.0.1) is not allowed by profile 'client'"),
                arguments("openssl-ec-p384-device.csr", "server", Violation.MISSING_NAME,
                        "profile 'server' requires at least one DNS or IP subjectAltName "
                                + "(openssl: -addext \"subjectAltName=DNS:host.example\")"),
                arguments("python-client-asks-serverauth.csr", "client", Violation.FORBIDDEN_EXTENSION,
                        "the CSR asks for extendedKeyUsage serverAuth, which profile 'client' does not allow"),
                arguments("python-name-constraints.csr", "server", Violation.FORBIDDEN_EXTENSION,
                        "the CSR asks for extension 2.5.29.30, which profile 'server' does not allow"),
                arguments("bc-rsa-2048-exponent-3.csr", "server", Violation.WEAK_KEY,
                        "RSA public exponent 3 is not allowed; use 65537"),
                arguments("bc-ec-explicit-params.csr", "server", Violation.UNSUPPORTED_KEY,
                        "EC keys must name their curve (explicit curve parameters are not accepted)"),
                arguments("bc-two-extension-requests.csr", "server", Violation.MALFORMED_CSR,
                        "the CSR has more than one extensionRequest"),
                arguments("bc-ms-extension-request-ca.csr", "server", Violation.CA_REQUESTED,
                        "the CSR asks for basicConstraints cA=true; profile 'server' issues end-entity certificates only"));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("accepted")
    void evaluateWhenGoodFixtureThenApprovesItsNames(String file, String profile, int keyUsage, List<String> sans)
            throws IOException {
        ApprovedCertificate approved = policy.evaluate(Files.readAllBytes(DIR.resolve(file)), policy.profile(profile, false),
                null, null);
        assertThat(approved.sanText()).containsExactlyElementsOf(sans);
        assertThat(approved.keyUsage()).isEqualTo(keyUsage);
        assertThat(approved.profile().name()).isEqualTo(profile);
    }

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @MethodSource("refused")
    void evaluateWhenBadFixtureThenRefusesWithViolationAndMessage(String file, String profile, Violation violation,
            String message) throws IOException {
        byte[] csr = Files.readAllBytes(DIR.resolve(file));
        assertThatThrownBy(() -> policy.evaluate(csr, policy.profile(profile, false), null, null))
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.violation()).isEqualTo(violation))
                .hasMessage(message);
    }
}
