package dev.hallmark.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.revocation.CertificateRevoked;
import dev.hallmark.revocation.RevocationReason;
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

    @Test
    void authenticateWhenAcceptedBeforeAndNowExpiredThenRefused() throws Exception {
        MovableClock clock = new MovableClock();
        ClientCertificateAuthenticator authenticator = authenticator(clock);
        assertThat(authenticator.authenticate(bootstrapAdmin()).principal()).isNotNull();
        assertThat(authenticator.authenticate(bootstrapAdmin()).principal()).isNotNull();

        clock.offset = Duration.ofDays(730);
        var result = authenticator.authenticate(bootstrapAdmin());

        assertThat(result.principal()).isNull();
        assertThat(result.refusal()).isEqualTo("the client certificate is not valid for this CA (CertificateExpiredException)");
    }

    @Test
    void authenticateWhenRevocationEventForCertificateStillValidInStoreThenAcceptedFromStore() throws Exception {
        ClientCertificateAuthenticator authenticator = authenticator(Clock.systemUTC());
        X509Certificate admin = bootstrapAdmin();
        assertThat(authenticator.authenticate(admin).principal()).isNotNull();

        // the event alone (the store still says valid): the next request is checked against the store again
        authenticator.onRevoked(new CertificateRevoked(dev.hallmark.issuance.Serials.hex(admin.getSerialNumber()),
                dev.hallmark.signing.IssuerId.ISSUING, java.time.Instant.now(), RevocationReason.keyCompromise));

        assertThat(authenticator.authenticate(admin).principal().name()).isEqualTo("admin:admin");
    }

    /** A clock that tests move forward. */
    private static final class MovableClock extends Clock {
        Duration offset = Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }
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
