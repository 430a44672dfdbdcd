package dev.hallmark.web.ui;

import static dev.hallmark.web.ui.ConsoleHttp.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Revoking the last active ADMIN from the console: refused with the API's 409 and its text, nothing changed. A
 * service of its own, so that its bootstrap administrator is surely the only ADMIN (were another one created by
 * some other test, the shared service's would really be revoked).
 */
class ConsoleLastAdministratorTests {

    private static ConfigurableApplicationContext service;
    private static HallmarkClient client;

    @BeforeAll
    static void start() {
        var dataDir = ServiceTest.newDataDir("console-last-admin");
        service = StandaloneService.start(dataDir, null);
        client = StandaloneService.client(service, dataDir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void revokeWhenTheLastActiveAdminThen409PageWithTheApisTextAndStillValid() {
        var admins = Json.parse(client.get(client.admin(), "/api/v1/admins", "application/json").body());
        assertThat(admins).hasSize(1);
        String serial = admins.get(0).get("serial").asText();

        ConsoleHttp.Page form = ConsoleHttp.get(client, client.admin(), "/ui/certificates/" + serial + "/revoke");
        assertThat(form.status()).isEqualTo(200);
        ConsoleHttp.Page refused = ConsoleHttp.post(client, client.admin(), "/ui/certificates/" + serial + "/revoke",
                form.csrfCookie(), form("_csrf", form.csrfField(), "reason", "superseded"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("The last active ADMIN cannot be revoked")
                .contains("id=\"problem\"").contains("Revoke this certificate?");
        assertThat(ConsoleHttp.apiStatus(client, serial)).isEqualTo("valid");
        assertThat(ConsoleHttp.get(client, client.admin(), "/ui/").status()).as("the ADMIN still gets in").isEqualTo(200);
    }
}
