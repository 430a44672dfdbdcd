package dev.hallmark.config;

import dev.hallmark.cluster.ClusterSignals;
import dev.hallmark.cluster.NodeName;
import dev.hallmark.cluster.StartupLock;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.storage.RevocationRecords;
import java.util.Arrays;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What lets several nodes share one database: scheduled jobs marked {@code @SchedulerLock} run on
 * one node at a time (ShedLock's table, with the database's clock, on PostgreSQL and H2 alike), and
 * the node's name, and the signal that brings other nodes' revocations to this node's caches. See
 * docs/cluster.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
@EnableConfigurationProperties(ClusterProperties.class)
public class ClusterConfiguration {

    @Bean
    ClusterSignals clusterSignals(RevocationRecords records, ApplicationEventPublisher events,
            CertificateAuthorities authorities, ClusterProperties properties) {
        return new ClusterSignals(records, events,
                Arrays.stream(IssuerId.values()).map(id -> authorities.nameId(id).value()).toList(),
                properties.signalInterval());
    }

    @Bean
    NodeName nodeName() {
        return NodeName.ofThisProcess();
    }

    @Bean
    @DependsOnDatabaseInitialization
    StartupLock startupLock(DataSource dataSource) {
        return new StartupLock(dataSource);
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName("shedlock")
                .usingDbTime()
                .build());
    }
}
