package dev.hallmark.config;

import dev.hallmark.backup.BackupSocket;
import dev.hallmark.backup.DatabaseBackup;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Online backup of H2: the service listens for {@code java -jar hallmark.jar backup} on a socket under its data
 * directory ({@link BackupSocket}). PostgreSQL has its own tools (docs/operations.md), so nothing listens then.
 */
@Configuration(proxyBeanMethods = false)
public class BackupConfiguration {

    @Bean
    @ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:h2:')")
    BackupSocket backupSocket(HallmarkProperties properties, DatabaseBackup backup) {
        return new BackupSocket(properties.dataDir(), backup);
    }
}
