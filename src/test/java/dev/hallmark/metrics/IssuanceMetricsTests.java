package dev.hallmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceFinished;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Label values stay within the configured profiles, and recording never registers a meter. */
class IssuanceMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IssuanceMetrics metrics = new IssuanceMetrics(registry, List.of("server", "device"));

    @Test
    void constructorWhenProfilesConfiguredThenEverySeriesExistsAtZero() {
        // (server, device, unknown) x (success, refused, failed), a counter and a timer each
        assertThat(registry.find("hallmark.certificates.issued").counters()).hasSize(9)
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(registry.find("hallmark.issuance").timers()).hasSize(9);
    }

    @Test
    void onIssuanceFinishedWhenProfileNotConfiguredOrMissingThenCountedAsUnknownWithoutNewSeries() {
        int meters = registry.getMeters().size();

        metrics.onIssuanceFinished(new IssuanceFinished("../../etc/passwd", Outcome.REFUSED, Duration.ofMillis(3)));
        metrics.onIssuanceFinished(new IssuanceFinished(null, Outcome.REFUSED, Duration.ofMillis(1)));
        metrics.onIssuanceFinished(new IssuanceFinished("server", Outcome.SUCCESS, Duration.ofMillis(12)));

        assertThat(registry.getMeters()).hasSize(meters);
        assertThat(registry.get("hallmark.certificates.issued").tags("profile", "unknown", "outcome", "refused")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get("hallmark.certificates.issued").tags("profile", "server", "outcome", "success")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("hallmark.issuance").tags("profile", "server", "outcome", "success").timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(12.0);
    }
}
