package dev.hallmark.config;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ACME server's settings ({@code hallmark.acme.*}, docs/acme.md); the validation authority's
 * ({@code hallmark.acme.validation.*}) are its own.
 *
 * @param baseUrl base of the absolute URLs in ACME answers; unset: the request's scheme, host and port
 * @param profiles Hallmark profiles offered as ACME profiles; the first is the default
 * @param caaIdentities issuer domain names a CAA record must name; unset: the host of {@code hallmark.public-base-url}
 * @param finalizeLease how long a finalize holds its order in processing; a node that stops before it issued leaves
 *        the order to be taken over once this ran out
 */
@Validated
@ConfigurationProperties("hallmark.acme")
public record AcmeServerProperties(
        @DefaultValue("true") boolean enabled,
        URI baseUrl,
        @DefaultValue("server") @NotEmpty List<String> profiles,
        @DefaultValue("false") boolean externalAccountRequired,
        List<String> caaIdentities,
        @DefaultValue("60s") @NotNull Duration finalizeLease) {
}
