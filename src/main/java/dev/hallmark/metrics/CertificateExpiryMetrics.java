package dev.hallmark.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Seconds until the notAfter of the certificates the service depends on, computed at scrape time
 * (negative once expired): {@code hallmark_ca_expiry_seconds{ca}} for the root and issuing CA, and
 * {@code hallmark_service_certificate_expiry_seconds{certificate}} for the service's own
 * certificates, which it renews itself ({@code ocsp-responder}, {@code tls}): one that nears its
 * end means the renewal is failing. A certificate not loaded yet reads NaN.
 */
public final class CertificateExpiryMetrics implements MeterBinder {

    private final Clock clock;
    private final Map<String, Supplier<Instant>> cas;
    private final Map<String, Supplier<Instant>> serviceCertificates;

    /**
     * @param cas each CA's notAfter, by {@code ca} label
     * @param serviceCertificates each service certificate's notAfter (null while there is none), by {@code certificate} label
     */
    public CertificateExpiryMetrics(Clock clock, Map<String, Supplier<Instant>> cas,
            Map<String, Supplier<Instant>> serviceCertificates) {
        this.clock = clock;
        this.cas = Map.copyOf(cas);
        this.serviceCertificates = Map.copyOf(serviceCertificates);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cas.forEach((ca, notAfter) -> Gauge.builder("hallmark.ca.expiry", () -> until(notAfter.get()))
                .description("Seconds until the CA certificate's notAfter").tag("ca", ca).baseUnit("seconds")
                .register(registry));
        serviceCertificates.forEach((name, notAfter) -> Gauge.builder("hallmark.service.certificate.expiry",
                () -> until(notAfter.get()))
                .description("Seconds until the notAfter of a certificate the service renews itself")
                .tag("certificate", name).baseUnit("seconds").register(registry));
    }

    private double until(Instant notAfter) {
        return notAfter == null ? Double.NaN : CrlMetrics.seconds(Duration.between(clock.instant(), notAfter));
    }
}
