package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestValidationAuthority;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code hallmark.acme.enabled=false}: no ACME resource exists, even with a validation authority. */
class AcmeDisabledTests {

    private static final Path DATA_DIR = ServiceTest.newDataDir("acme-disabled");
    private static ConfigurableApplicationContext service;
    private static HallmarkClient client;

    @BeforeAll
    static void start() {
        service = StandaloneService.startWith(new Class<?>[] {TestValidationAuthority.Config.class}, DATA_DIR,
                "acme-disabled-password", "--hallmark.acme.enabled=false");
        client = StandaloneService.client(service, DATA_DIR);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void directoryWhenDisabledThen404() {
        assertProblem(client.get(client.anonymous(), "/acme/directory", "application/json"), 404, "malformed");
        assertProblem(client.postJson(client.anonymous(), "/acme/new-account", "{}"), 404, "malformed");
    }
}
