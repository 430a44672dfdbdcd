package dev.hallmark.config;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * EST (RFC 7030) settings ({@code hallmark.est.*}; {@code HALLMARK_EST_BOOTSTRAP_CA_FILE}, ...).
 *
 * @param bootstrapCaFile PEM bundle of bootstrap (manufacturer) CA certificates whose client
 *        certificates may make a first enrollment; none when unset
 * @param defaultProfile the profile of {@code /.well-known/est/simpleenroll} without a label when
 *        the credential names none (an enrollment token names its own)
 */
@Validated
@ConfigurationProperties("hallmark.est")
public record EstProperties(Path bootstrapCaFile, @DefaultValue("device") @NotBlank String defaultProfile) {
}
