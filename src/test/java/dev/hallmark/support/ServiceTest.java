package dev.hallmark.support;

import dev.hallmark.config.WebServerConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: one running service (real HTTPS with client certificates, the
 * plain-HTTP port, H2 in a fresh data directory, first-start bootstrap) shared by every test class
 * through Spring's context cache. Subclasses must not add properties, or they get a second service.
 * ACME validates through {@link TestValidationAuthority}, which answers from what a test published.
 * The CA keys are software keys, or in a SoftHSM2 token when the run asks for it ({@link TestKeyStore}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hallmark.http.port=0",
    "hallmark.ca.kdf-iterations=10000",
    "logging.level.dev.hallmark.audit=warn"
})
@Import(TestValidationAuthority.Config.class)
public abstract class ServiceTest {

    protected static final Path DATA_DIR = newDataDir("shared");

    @LocalServerPort
    protected int httpsPort;

    @Autowired
    protected WebServerConfiguration.PlainHttpPort plainHttpPort;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("hallmark.data-dir", DATA_DIR::toString);
        TestKeyStore.register(registry);
    }

    /** A client of the running service: HTTPS with the bootstrap administrator, or as configured. */
    protected HallmarkClient client() {
        return new HallmarkClient(DATA_DIR, httpsPort, plainHttpPort.port());
    }

    public static Path newDataDir(String name) {
        try {
            Path base = Path.of("target", "test-data");
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
