package dev.hallmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.revocation.CrlSigned;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The CRL gauges are computed when read, from the last CRL each CA signed. */
class CrlMetricsTests {

    private static final Instant SIGNED = Instant.parse("2030-01-01T00:00:00Z");

    private Instant now = SIGNED;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CrlMetrics metrics = new CrlMetrics(registry, clock);

    @Test
    void onCrlSignedWhenTimePassesThenAgeGrowsAtEachReadAndValidityIsTheCrlsOwn() {
        assertThat(registry.find("hallmark.crl.age").gauges()).isEmpty();

        metrics.onCrlSigned(new CrlSigned("ISSUING", BigInteger.ONE, SIGNED, SIGNED.plus(Duration.ofHours(24))));
        now = SIGNED.plusSeconds(90);
        assertThat(registry.get("hallmark.crl.age").tag("ca", "issuing").gauge().value()).isEqualTo(90.0);
        now = SIGNED.plus(Duration.ofHours(25));
        assertThat(registry.get("hallmark.crl.age").tag("ca", "issuing").gauge().value()).isEqualTo(25 * 3600.0);
        assertThat(registry.get("hallmark.crl.validity").tag("ca", "issuing").gauge().value()).isEqualTo(24 * 3600.0);
    }

    @Test
    void onCrlSignedWhenNewerCrlThenGaugesFollowItWithoutNewSeries() {
        metrics.onCrlSigned(new CrlSigned("ROOT", BigInteger.ONE, SIGNED, SIGNED.plus(Duration.ofHours(24))));
        Instant resigned = SIGNED.plus(Duration.ofHours(1));
        metrics.onCrlSigned(new CrlSigned("ROOT", BigInteger.TWO, resigned, resigned.plus(Duration.ofHours(12))));
        now = resigned.plusSeconds(5);

        assertThat(registry.find("hallmark.crl.age").gauges()).hasSize(1);
        assertThat(registry.get("hallmark.crl.age").tag("ca", "root").gauge().value()).isEqualTo(5.0);
        assertThat(registry.get("hallmark.crl.validity").tag("ca", "root").gauge().value()).isEqualTo(12 * 3600.0);
    }
}
