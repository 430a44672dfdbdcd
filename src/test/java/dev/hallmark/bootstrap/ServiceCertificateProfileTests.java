package dev.hallmark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hallmark.profile.InvalidProfileException;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service's own certificates do not depend on the configurable profiles: an operator may
 * narrow {@code server} for the certificates people ask for and the service still starts, and no
 * configured profile may carry a purpose that signs OCSP answers.
 */
class ServiceCertificateProfileTests {

    @Test
    void startWhenServerProfileIsNarrowedThenStartsWithItsOwnTlsCertificateAndTheNarrowedProfileApplies()
            throws Exception {
        Path dataDir = ServiceTest.newDataDir("narrowed-server");
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null,
                "--hallmark.profiles.server.max-validity=90d",
                "--hallmark.profiles.server.name-patterns=*.internal.example")) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            var health = client.get(client.anonymous(), "/actuator/health", "application/json");
            assertThat(health.statusCode()).isEqualTo(200);
            X509Certificate tls = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(Duration.between(tls.getNotBefore().toInstant(), tls.getNotAfter().toInstant()))
                    .isEqualTo(Duration.ofDays(397));
            assertThat(tls.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
            assertThat(tls.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                    .contains("localhost", "127.0.0.1");
            var record = client.get(client.admin(), "/api/v1/certificates/" + tls.getSerialNumber().toString(16),
                    "application/json");
            assertThat(record.statusCode()).isEqualTo(200);
            assertThat(Json.parse(record.body()).get("profile").asText()).isEqualTo("service-tls");
            // curl, an independent TLS client, accepts it for localhost
            Tools.run(dataDir, "curl", "-sS", "-o", "/dev/null", "--cacert", dataDir.resolve("bootstrap/root-ca.pem")
                    .toString(), "https://localhost:" + client.httpsPort() + "/actuator/health").assertSuccess();

            var tooLong = client.issue(client.admin(), TestCsrs.csr().subject("CN=web.internal.example")
                    .dns("web.internal.example").pem(), "profile=server&validityDays=91");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(Json.parse(tooLong.body()).get("detail").asText())
                    .isEqualTo("validityDays 91 exceeds the maximum of 90 for profile 'server'");
            var within = client.issue(client.admin(), TestCsrs.csr().subject("CN=web.internal.example")
                    .dns("web.internal.example").pem(), "profile=server&validityDays=90");
            assertThat(within.statusCode()).as(within.body()).isEqualTo(201);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"OCSPSigning", "anyExtendedKeyUsage"})
    void startWhenAConfiguredProfileCarriesAnOcspSigningPurposeThenStartFailsWithTheHardLimit(String purpose) {
        Path dataDir = ServiceTest.newDataDir("ocsp-signing-profile");
        Throwable failure = catchThrowable(() -> StandaloneService.start(dataDir, null,
                "--hallmark.profiles.client.extended-key-usage=clientAuth," + purpose).close());
        Throwable cause = failure;
        while (cause != null && !(cause instanceof InvalidProfileException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("cause of %s", failure).isNotNull().hasMessage("profile 'client': end-entity profiles"
                + " cannot have OCSPSigning or anyExtendedKeyUsage; only the service's own responder certificate"
                + " signs OCSP answers");
        assertThat(List.of(dataDir.toFile().list())).doesNotContain("bootstrap");
    }
}
