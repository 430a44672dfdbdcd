package dev.hallmark.metrics;

import dev.hallmark.acme.validation.ValidationError;
import dev.hallmark.acme.validation.ValidationFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.event.EventListener;

/**
 * {@code hallmark_acme_validations_total{type,outcome}}: ACME challenge validations ({@code type}
 * {@code http-01}, {@code dns-01}, {@code tls-alpn-01}) and CAA checks ({@code caa}), by outcome:
 * {@code valid} or the ACME error type that ended them ({@code connection}, {@code dns},
 * {@code incorrectResponse}, ...), so that a failing resolver shows apart from failing clients.
 */
public final class AcmeValidationMetrics {

    static final String VALID = "valid";

    private final Map<ValidationFinished.Kind, Counter> valid = new EnumMap<>(ValidationFinished.Kind.class);
    private final Map<ValidationFinished.Kind, Map<ValidationError, Counter>> invalid =
            new EnumMap<>(ValidationFinished.Kind.class);

    public AcmeValidationMetrics(MeterRegistry registry) {
        for (ValidationFinished.Kind kind : ValidationFinished.Kind.values()) {
            valid.put(kind, counter(registry, kind, VALID));
            Map<ValidationError, Counter> byError = new EnumMap<>(ValidationError.class);
            for (ValidationError error : ValidationError.values()) {
                byError.put(error, counter(registry, kind, error.name()));
            }
            invalid.put(kind, byError);
        }
    }

    @EventListener
    public void onValidationFinished(ValidationFinished finished) {
        (finished.error() == null ? valid.get(finished.kind())
                : invalid.get(finished.kind()).get(finished.error())).increment();
    }

    private static Counter counter(MeterRegistry registry, ValidationFinished.Kind kind, String outcome) {
        return Counter.builder("hallmark.acme.validations")
                .description("ACME challenge validations and CAA checks, by type and outcome (valid or the ACME error type)")
                .tag("type", kind.label()).tag("outcome", outcome).register(registry);
    }
}
