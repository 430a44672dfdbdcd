package dev.hallmark.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ACME validation authority's settings ({@code hallmark.acme.validation.*}, docs/acme.md).
 *
 * @param httpPort     port the VA connects to for http-01
 * @param tlsAlpnPort  port for tls-alpn-01
 * @param dnsResolvers {@code host:port} (or {@code [v6]:port}, or a host alone for port 53) of the DNS
 *                     servers for every lookup of validation; unset: the system's resolvers
 * @param timeout      the longest one validation or CAA check may take, lookups, connects and reads together
 * @param lease        how long the node running a validation holds it (longer than {@code timeout}); a node that
 *                     stops mid-validation leaves it to run out, and then any node takes the validation over
 */
@Validated
@ConfigurationProperties("hallmark.acme.validation")
public record AcmeValidationProperties(
        @DefaultValue("80") @Min(1) @Max(65535) int httpPort,
        @DefaultValue("443") @Min(1) @Max(65535) int tlsAlpnPort,
        List<String> dnsResolvers,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue("30s") @NotNull Duration lease) {

    public AcmeValidationProperties {
        if (lease.compareTo(timeout) <= 0) {
            throw new IllegalArgumentException("hallmark.acme.validation.lease (" + lease + ") must be longer than"
                    + " hallmark.acme.validation.timeout (" + timeout + "), or a validation still running would be"
                    + " taken over");
        }
        dnsResolvers = dnsResolvers == null ? List.of() : List.copyOf(dnsResolvers);
    }
}
