package dev.hallmark.config;

import dev.hallmark.enrollment.BootstrapCaTrust;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Enrollment wiring: the bootstrap CAs EST accepts for first enrollments. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EstProperties.class)
public class EnrollmentConfiguration {

    @Bean
    BootstrapCaTrust bootstrapCaTrust(EstProperties properties, Clock clock) {
        return properties.bootstrapCaFile() == null ? BootstrapCaTrust.none(clock)
                : BootstrapCaTrust.load(properties.bootstrapCaFile(), clock);
    }
}
