package dev.hallmark.support;

import dev.hallmark.HallmarkApplication;
import dev.hallmark.config.WebServerConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A service of its own (own data directory, own settings), for tests that restart or reconfigure it. */
public final class StandaloneService {

    private StandaloneService() {
    }

    public static ConfigurableApplicationContext start(Path dataDir, String password, String... extraArgs) {
        return startWith(new Class<?>[0], dataDir, password, extraArgs);
    }

    /** With test configuration classes beside the application (the ACME tests' validation authority). */
    public static ConfigurableApplicationContext startWith(Class<?>[] sources, Path dataDir, String password,
            String... extraArgs) {
        // command-line arguments, so that they win over application.properties
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--hallmark.http.port=0",
                "--hallmark.data-dir=" + dataDir, "--hallmark.ca.kdf-iterations=10000", "--spring.jmx.enabled=false"));
        if (password != null) {
            args.add("--hallmark.ca.password=" + password);
        }
        args.addAll(List.of(extraArgs));
        List<Class<?>> all = new ArrayList<>(List.of(HallmarkApplication.class));
        all.addAll(List.of(sources));
        return new SpringApplicationBuilder(all.toArray(Class<?>[]::new)).run(args.toArray(String[]::new));
    }

    public static HallmarkClient client(ConfigurableApplicationContext context, Path dataDir) {
        int https = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new HallmarkClient(dataDir, https, context.getBean(WebServerConfiguration.PlainHttpPort.class).port());
    }
}
