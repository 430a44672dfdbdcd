package dev.hallmark.config;

import dev.hallmark.bootstrap.ServiceBootstrap;
import dev.hallmark.metrics.AcmeMetrics;
import dev.hallmark.metrics.AcmeValidationMetrics;
import dev.hallmark.metrics.CertificateExpiryMetrics;
import dev.hallmark.metrics.CrlMetrics;
import dev.hallmark.metrics.EnrollmentMetrics;
import dev.hallmark.metrics.IssuanceMetrics;
import dev.hallmark.metrics.RevocationMetrics;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.OcspResponseSigner;
import dev.hallmark.signing.ServiceCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Hallmark meters (package {@code metrics}) beside Spring Boot's JVM, HTTP server and
 * connection pool meters, all served at {@code /actuator/prometheus}. The expiry gauges read the
 * certificates through the suppliers given here, so that the metrics know no signing code.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    IssuanceMetrics issuanceMetrics(MeterRegistry registry, ProfileCatalog profiles) {
        return new IssuanceMetrics(registry, profiles.all().stream().map(CertificateProfile::name).toList());
    }

    @Bean
    RevocationMetrics revocationMetrics(MeterRegistry registry) {
        return new RevocationMetrics(registry);
    }

    @Bean
    CrlMetrics crlMetrics(MeterRegistry registry, Clock clock) {
        return new CrlMetrics(registry, clock);
    }

    @Bean
    EnrollmentMetrics enrollmentMetrics(MeterRegistry registry) {
        return new EnrollmentMetrics(registry);
    }

    @Bean
    AcmeMetrics acmeMetrics(MeterRegistry registry) {
        return new AcmeMetrics(registry);
    }

    @Bean
    AcmeValidationMetrics acmeValidationMetrics(MeterRegistry registry) {
        return new AcmeValidationMetrics(registry);
    }

    @Bean
    CertificateExpiryMetrics certificateExpiryMetrics(Clock clock, CertificateAuthorities authorities,
            OcspResponseSigner ocspSigner, ServiceCredentials credentials) {
        Map<String, Supplier<Instant>> cas = Map.of(
                "root", () -> notAfter(authorities.certificate(IssuerId.ROOT)),
                "issuing", () -> notAfter(authorities.certificate(IssuerId.ISSUING)));
        Map<String, Supplier<Instant>> service = Map.of(
                "ocsp-responder", () -> notAfter(ocspSigner.certificate()),
                "tls", () -> credentials.exists(ServiceBootstrap.TLS)
                        ? notAfter(credentials.certificate(ServiceBootstrap.TLS)) : null);
        return new CertificateExpiryMetrics(clock, cas, service);
    }

    private static Instant notAfter(X509CertificateHolder certificate) {
        return certificate == null ? null : certificate.getNotAfter().toInstant();
    }
}
