package dev.hallmark.metrics;

import dev.hallmark.audit.Outcome;
import dev.hallmark.enrollment.EstEnrollmentFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.event.EventListener;

/** {@code hallmark_est_enrollments_total{operation,outcome}}: EST's enrolling operations and how they ended. */
public final class EnrollmentMetrics {

    private final Map<EstEnrollmentFinished.Operation, Map<Outcome, Counter>> est =
            new EnumMap<>(EstEnrollmentFinished.Operation.class);

    public EnrollmentMetrics(MeterRegistry registry) {
        for (EstEnrollmentFinished.Operation operation : EstEnrollmentFinished.Operation.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("hallmark.est.enrollments")
                        .description("EST enrollments (RFC 7030), by operation and outcome")
                        .tag("operation", operation.name()).tag("outcome", Labels.of(outcome)).register(registry));
            }
            est.put(operation, byOutcome);
        }
    }

    @EventListener
    public void onEstEnrollmentFinished(EstEnrollmentFinished finished) {
        est.get(finished.operation()).get(finished.outcome()).increment();
    }
}
