package dev.hallmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The alert rules operators load (docs/prometheus/hallmark-rules.yml), checked by Prometheus's own
 * {@code promtool}: they parse, and each alert fires on the series of a failing service and only
 * then ({@code hallmark-rules.test.yml}).
 */
class PrometheusRulesTests {

    private static final Path DOCS = Path.of("docs", "prometheus").toAbsolutePath();

    @Test
    void checkRulesWhenHallmarkRulesThenEveryRuleIsValid() {
        Tools.Result result = Tools.run(DOCS, "promtool", "check", "rules", "hallmark-rules.yml").assertSuccess();

        assertThat(result.stdout() + result.stderr()).contains("SUCCESS: 9 rules found");
    }

    @Test
    void testRulesWhenFailingServiceSeriesThenEachAlertFiresOnlyOnceItsConditionHolds() {
        Tools.Result result = Tools.run(DOCS, "promtool", "test", "rules", "hallmark-rules.test.yml").assertSuccess();

        assertThat(result.stdout() + result.stderr()).contains("SUCCESS");
    }

    @Test
    void checkConfigWhenDocumentedScrapeConfigurationThenValid() {
        // the syntax only: the TLS files it names exist on a Prometheus host, not here
        Tools.Result result = Tools.run(DOCS, "promtool", "check", "config", "--syntax-only", "prometheus.yml");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout() + result.stderr()).contains("SUCCESS");
    }
}
