package dev.hallmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.acme.validation.ValidationError;
import dev.hallmark.acme.validation.ValidationFinished;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Every (type, outcome) series exists from the start, and recording never registers a meter. */
class AcmeValidationMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AcmeValidationMetrics metrics = new AcmeValidationMetrics(registry);

    @Test
    void constructorThenEveryTypeAndOutcomeAtZero() {
        // (http-01, dns-01, tls-alpn-01, caa) x (valid + 7 error types)
        assertThat(registry.find("hallmark.acme.validations").counters()).hasSize(4 * 8)
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void onValidationFinishedThenCountedByTypeAndOutcome() {
        int meters = registry.getMeters().size();

        metrics.onValidationFinished(new ValidationFinished(ValidationFinished.Kind.HTTP_01, null));
        metrics.onValidationFinished(new ValidationFinished(ValidationFinished.Kind.HTTP_01, null));
        metrics.onValidationFinished(new ValidationFinished(ValidationFinished.Kind.TLS_ALPN_01, ValidationError.tls));
        metrics.onValidationFinished(new ValidationFinished(ValidationFinished.Kind.CAA, ValidationError.caa));

        assertThat(registry.getMeters()).hasSize(meters);
        assertThat(registry.get("hallmark.acme.validations").tags("type", "http-01", "outcome", "valid").counter()
                .count()).isEqualTo(2.0);
        assertThat(registry.get("hallmark.acme.validations").tags("type", "tls-alpn-01", "outcome", "tls").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("hallmark.acme.validations").tags("type", "caa", "outcome", "caa").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("hallmark.acme.validations").tags("type", "dns-01", "outcome", "valid").counter()
                .count()).isZero();
    }
}
