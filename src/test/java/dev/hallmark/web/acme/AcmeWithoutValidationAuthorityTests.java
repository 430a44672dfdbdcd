package dev.hallmark.web.acme;

import static dev.hallmark.support.AcmeTestClient.assertProblem;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service without a validation authority (the test one is only in {@link ServiceTest}) serves no ACME at
 * all: it could create accounts and orders that nothing could ever validate.
 */
class AcmeWithoutValidationAuthorityTests {

    private static final Path DATA_DIR = ServiceTest.newDataDir("acme-no-va");
    private static ConfigurableApplicationContext service;
    private static HallmarkClient client;

    @BeforeAll
    static void start() {
        service = StandaloneService.start(DATA_DIR, "no-va-password");
        client = StandaloneService.client(service, DATA_DIR);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void directoryWhenNoValidationAuthorityThen503ServerInternal() {
        assertProblem(client.get(client.anonymous(), "/acme/directory", "application/json"), 503, "serverInternal");
    }

    @Test
    void newAccountWhenNoValidationAuthorityThen503BeforeAnythingIsStored() {
        assertProblem(client.postJson(client.anonymous(), "/acme/new-account", "{}"), 503, "serverInternal");
    }
}
