package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The last two ADMINs revoke themselves at the same moment: exactly one revocation succeeds and the
 * other answers 409, round after round, so one ADMIN always remains. Each revokes its own
 * certificate, so neither request is refused for a caller revoked by the other.
 */
class LastAdministratorRaceTests {

    private static final int ROUNDS = 6;

    private record Admin(String name, String serial, HttpClient http) {
    }

    @Test
    void revokeWhenTheLastTwoAdminsRevokeThemselvesAtOnceThenOneSucceedsAndOneAnswers409() throws Exception {
        var dataDir = ServiceTest.newDataDir("last-admin-race");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null)) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            Admin survivor = new Admin("admin", validAdmins(client, client.admin()).get(0), client.admin());
            for (int round = 1; round <= ROUNDS; round++) {
                Admin other = create(client, survivor.http(), "racer-" + round);
                // open both TLS connections first, so that the two revocations leave together
                assertThat(client.get(survivor.http(), "/api/v1/admins", "application/json").statusCode()).isEqualTo(200);
                assertThat(client.get(other.http(), "/api/v1/admins", "application/json").statusCode()).isEqualTo(200);
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<HttpResponse<String>> first = revokeOwn(client, survivor, start, threads);
                CompletableFuture<HttpResponse<String>> second = revokeOwn(client, other, start, threads);

                List<Integer> statuses = List.of(first.get().statusCode(), second.get().statusCode());

                assertThat(statuses).as("round %d: %s / %s", round, first.get().body(), second.get().body())
                        .containsExactlyInAnyOrder(200, 409);
                Admin remaining = first.get().statusCode() == 409 ? survivor : other;
                HttpResponse<String> refused = first.get().statusCode() == 409 ? first.get() : second.get();
                assertThat(Json.parse(refused.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:last-admin");
                assertThat(validAdmins(client, remaining.http())).containsExactly(remaining.serial());
                survivor = remaining;
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static CompletableFuture<HttpResponse<String>> revokeOwn(HallmarkClient client, Admin admin,
            CyclicBarrier start, ExecutorService threads) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return client.postJson(admin.http(), "/api/v1/certificates/" + admin.serial() + "/revoke",
                    "{\"reason\":\"superseded\"}");
        }, threads);
    }

    private static Admin create(HallmarkClient client, HttpClient creator, String name) {
        var created = client.postJson(creator, "/api/v1/admins", "{\"name\":\"" + name + "\",\"role\":\"ADMIN\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = Json.parse(created.body());
        return new Admin(name, body.get("serial").asText(), client.withPkcs12(
                Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray()));
    }

    /** Serials of the ADMINs whose certificate is valid. */
    private static List<String> validAdmins(HallmarkClient client, HttpClient caller) {
        List<String> serials = new ArrayList<>();
        for (JsonNode admin : Json.parse(client.get(caller, "/api/v1/admins", "application/json").body())) {
            if (admin.get("role").asText().equals("ADMIN") && admin.get("certificateStatus").asText().equals("valid")) {
                serials.add(admin.get("serial").asText());
            }
        }
        return serials;
    }
}
