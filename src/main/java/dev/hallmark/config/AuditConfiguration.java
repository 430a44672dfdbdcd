package dev.hallmark.config;

import dev.hallmark.audit.AuditCheckpoints;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.AuditSequencer;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CmsSigner;
import dev.hallmark.storage.AuditCheckpointRecords;
import dev.hallmark.storage.AuditRecords;
import java.time.Clock;
import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the signed audit checkpoints and schedules them. Built here, not found by a component scan:
 * the commands' contexts scan the audit package and have no CMS signer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    CmsSigner cmsSigner(CertificateAuthorities authorities) {
        return new CmsSigner(authorities);
    }

    @Bean
    AuditCheckpoints auditCheckpoints(AuditRecords trail, AuditSequencer sequencer,
            AuditCheckpointRecords checkpoints, CmsSigner signer, AuditLog audit, TransactionTemplate transactions,
            Clock clock) {
        return new AuditCheckpoints(trail, sequencer, checkpoints, signer, audit, transactions, clock);
    }

    @Bean
    CheckpointSchedule checkpointSchedule(AuditCheckpoints checkpoints) {
        return new CheckpointSchedule(checkpoints);
    }

    /** Every {@code hallmark.audit.checkpoint-interval}, first after one interval. */
    @Bean
    SchedulingConfigurer checkpointTask(CheckpointSchedule schedule, AuditProperties properties) {
        Duration interval = properties.checkpointInterval();
        return registrar -> registrar.addFixedDelayTask(new FixedDelayTask(schedule::run, interval, interval));
    }

    /** The scheduled checkpoint, once cluster-wide: the other nodes skip the run while one holds the lock. */
    public static class CheckpointSchedule {

        private final AuditCheckpoints checkpoints;

        CheckpointSchedule(AuditCheckpoints checkpoints) {
            this.checkpoints = checkpoints;
        }

        @SchedulerLock(name = "audit-checkpoint", lockAtMostFor = "PT10M", lockAtLeastFor = "PT5S")
        public void run() {
            try {
                checkpoints.createIfAppended();
            } catch (RuntimeException e) {
                log.error("the scheduled audit checkpoint failed; will retry at the next interval", e);
            }
        }
    }
}
