package dev.hallmark.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Audit settings ({@code hallmark.audit.*}, or {@code HALLMARK_AUDIT_CHECKPOINT_INTERVAL}).
 *
 * @param checkpointInterval how often the trail's head is signed as a checkpoint, once cluster-wide; a
 *     checkpoint is signed only when events were appended since the last one
 */
@Validated
@ConfigurationProperties("hallmark.audit")
public record AuditProperties(@DefaultValue("1h") @NotNull Duration checkpointInterval) {

    public AuditProperties {
        if (checkpointInterval != null && (checkpointInterval.isNegative() || checkpointInterval.isZero())) {
            throw new IllegalArgumentException("hallmark.audit.checkpoint-interval must be positive, not "
                    + checkpointInterval);
        }
    }
}
