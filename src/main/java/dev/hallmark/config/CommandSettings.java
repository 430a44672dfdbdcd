package dev.hallmark.config;

import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the {@code backup} and {@code migrate-db} commands read of the service: its settings (application.properties,
 * environment, {@code --name=value} arguments), to find its data directory and database; no beans, no database.
 * Not a {@code @Configuration}, so never scanned.
 */
public final class CommandSettings {

    private CommandSettings() {
    }

    public static ConfigurableApplicationContext read(String... args) {
        return new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.banner-mode", "off", "spring.main.log-startup-info", "false",
                        "logging.level.root", "warn", "logging.level.org.springframework", "error",
                        "logging.level.org.flywaydb", "error"))
                .run(args);
    }

    /** An empty context: the environment is all the commands need. */
    static class Empty {
    }
}
