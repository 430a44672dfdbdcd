package dev.hallmark.metrics;

import dev.hallmark.revocation.CrlSigned;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;

/**
 * Per CA ({@code ca="issuing"}, {@code ca="root"}), of the CRL being served:
 * {@code hallmark_crl_age_seconds} (now minus its thisUpdate, computed at scrape time) and
 * {@code hallmark_crl_validity_seconds} (its nextUpdate minus thisUpdate). A CRL whose age exceeds
 * its validity is past its nextUpdate: relying parties that check it refuse every certificate.
 * A CA's series appear with its first CRL signed since the start.
 */
public final class CrlMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, CrlSigned> latest = new ConcurrentHashMap<>();

    public CrlMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @EventListener
    public void onCrlSigned(CrlSigned crl) {
        String ca = Labels.ca(crl.issuer());
        if (latest.put(ca, crl) == null) {
            Gauge.builder("hallmark.crl.age", () -> seconds(Duration.between(latest.get(ca).thisUpdate(), clock.instant())))
                    .description("Age of the CRL being served: now minus its thisUpdate").tag("ca", ca)
                    .baseUnit("seconds").register(registry);
            Gauge.builder("hallmark.crl.validity", () -> {
                CrlSigned current = latest.get(ca);
                return seconds(Duration.between(current.thisUpdate(), current.nextUpdate()));
            }).description("Validity of the CRL being served: its nextUpdate minus thisUpdate").tag("ca", ca)
                    .baseUnit("seconds").register(registry);
        }
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
