package dev.hallmark.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Several nodes on one database ({@code hallmark.cluster.*}).
 *
 * @param signalInterval how often a node reads the revocations made by others: a revocation reaches
 *        every node's OCSP answers and accepted administrators within this (and the read's own time)
 */
@Validated
@ConfigurationProperties("hallmark.cluster")
public record ClusterProperties(@DefaultValue("250ms") @NotNull Duration signalInterval) {

    public ClusterProperties {
        if (signalInterval != null && (signalInterval.toMillis() < 10 || signalInterval.toMillis() > 900)) {
            throw new IllegalArgumentException("hallmark.cluster.signal-interval must be between 10ms and 900ms, so "
                    + "that a revocation reaches every node within a second; it is " + signalInterval);
        }
    }
}
