package dev.hallmark.config;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code hallmark.data-dir} absolute before anything reads it: H2 refuses a relative file
 * path like {@code data-x} in its JDBC URL (only {@code ./data-x} is accepted), and absolute paths
 * make every log line that names a file unambiguous.
 */
public class DataDirEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dataDir = environment.getProperty("hallmark.data-dir");
        if (dataDir != null && !dataDir.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("hallmark-absolute-data-dir",
                    Map.of("hallmark.data-dir", Path.of(dataDir).toAbsolutePath().normalize().toString())));
        }
    }

    @Override
    public int getOrder() {
        // after application.properties and the environment are read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
