package dev.hallmark.metrics;

import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;

/**
 * {@code hallmark_certificates_issued_total{profile,outcome}} and the histogram
 * {@code hallmark_issuance_seconds{profile,outcome}}. The profile label is one of the configured
 * profiles or {@code unknown} (a request naming none of them), never what a requester sent, so its
 * cardinality is bounded by the configuration; every series exists from the start, at zero, so
 * that {@code increase()} sees the first refusal too.
 */
public final class IssuanceMetrics {

    static final String UNKNOWN_PROFILE = "unknown";

    /**
     * Buckets from a fast EC signature to a slow RSA key check under load; the benchmark's
     * median is a few milliseconds (bench/ISSUANCE-RESULTS.md).
     */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private record Meters(Counter issued, Timer duration) {
    }

    private final Map<String, Map<Outcome, Meters>> byProfile;
    private final Map<Outcome, Meters> unknownProfile;

    public IssuanceMetrics(MeterRegistry registry, Collection<String> profiles) {
        Map<String, Map<Outcome, Meters>> meters = new HashMap<>();
        for (String profile : profiles) {
            meters.put(profile, register(registry, profile));
        }
        this.byProfile = Map.copyOf(meters);
        this.unknownProfile = register(registry, UNKNOWN_PROFILE);
    }

    @EventListener
    public void onIssuanceFinished(IssuanceFinished finished) {
        Map<Outcome, Meters> meters = finished.profile() == null ? unknownProfile
                : byProfile.getOrDefault(finished.profile(), unknownProfile);
        Meters m = meters.get(finished.outcome());
        m.issued().increment();
        m.duration().record(finished.duration());
    }

    private static Map<Outcome, Meters> register(MeterRegistry registry, String profile) {
        Map<Outcome, Meters> meters = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            meters.put(outcome, new Meters(
                    Counter.builder("hallmark.certificates.issued")
                            .description("Requests to issue a certificate, by profile and outcome "
                                    + "(success, refused by policy or credential, failed inside the CA)")
                            .tag("profile", profile).tag("outcome", Labels.of(outcome))
                            .register(registry),
                    Timer.builder("hallmark.issuance")
                            .description("Time from receiving a request to issue to its decision")
                            .tag("profile", profile).tag("outcome", Labels.of(outcome))
                            .serviceLevelObjectives(BUCKETS)
                            .register(registry)));
        }
        return meters;
    }
}
