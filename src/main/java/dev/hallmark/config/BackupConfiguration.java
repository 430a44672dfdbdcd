package dev.hallmark.config;

import dev.hallmark.backup.BackupSocket;
import dev.hallmark.backup.DatabaseBackup;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
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

    /**
     * What the {@code backup} command reads of the service: its settings (application.properties, environment,
     * {@code --name=value} arguments), to find its data directory and database; no beans, no database.
     */
    public static ConfigurableApplicationContext settings(String... args) {
        return new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.banner-mode", "off", "spring.main.log-startup-info", "false",
                        "logging.level.root", "warn", "logging.level.org.springframework", "error"))
                .run(args);
    }

    /** An empty context: the environment is all the command needs. Not a {@code @Configuration}, so never scanned. */
    static class Settings {
    }
}
