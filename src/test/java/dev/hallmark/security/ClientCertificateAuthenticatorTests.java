package dev.hallmark.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.storage.AdministratorRepository;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.support.ServiceTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The per-request check of a client certificate, beyond the TLS handshake, with the clock moved. */
class ClientCertificateAuthenticatorTests extends ServiceTest {

    @Autowired
    CertificateAuthorities authorities;

    @Autowired
    CertificateRepository certificates;

    @Autowired
    AdministratorRepository administrators;

    @Test
    void authenticateWhenAdministratorCertificateCurrentThenAdminRole() throws Exception {
        var result = authenticator(Clock.systemUTC()).authenticate(bootstrapAdmin());
        assertThat(result.refusal()).isNull();
        assertThat(result.principal().name()).isEqualTo("admin:admin");
        assertThat(result.principal().role()).hasToString("ADMIN");
    }

    @Test
    void authenticateWhenAdministratorCertificateExpiredThenRefused() throws Exception {
        Clock twoYearsLater = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofDays(730));
        var result = authenticator(twoYearsLater).authenticate(bootstrapAdmin());
        assertThat(result.principal()).isNull();
        assertThat(result.refusal()).isEqualTo("the client certificate is not valid for this CA (CertificateExpiredException)");
    }

    private ClientCertificateAuthenticator authenticator(Clock clock) {
        return new ClientCertificateAuthenticator(authorities, certificates, administrators, clock);
    }

    private X509Certificate bootstrapAdmin() throws Exception {
        try (InputStream in = Files.newInputStream(client().bootstrap("admin.crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
