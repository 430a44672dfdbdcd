package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.DocumentedAuditHash;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The audit trail over the API carries its hash chain, and the chain is the one docs/operations.md describes. */
class AuditEventsApiTests extends ServiceTest {

    @Test
    void listWhenReadThenEachEventChainsToTheOneBeforeWithTheDocumentedHash() {
        HallmarkClient client = client();
        Tokens.device(client, "audit-chain-api");
        List<JsonNode> newestFirst = page(client, "/api/v1/audit-events?size=1000");
        JsonNode newest = newestFirst.get(0);
        assertThat(newest.get("action").asText()).isEqualTo("enrollment-token.create");

        for (int i = 0; i < newestFirst.size(); i++) {
            JsonNode e = newestFirst.get(i);
            assertThat(e.get("hash").asText()).as("event #%s", e.get("sequence"))
                    .isEqualTo(DocumentedAuditHash.of(e.get("previousHash").asText(), e.get("sequence").asText(),
                            e.get("occurredAt").asText(), text(e, "actor"), text(e, "action"), text(e, "target"),
                            text(e, "remoteAddress"), text(e, "outcome"), text(e, "detail")));
            if (i + 1 < newestFirst.size()) {
                JsonNode before = newestFirst.get(i + 1);
                assertThat(e.get("sequence").asLong()).isEqualTo(before.get("sequence").asLong() + 1);
                assertThat(e.get("previousHash").asText()).isEqualTo(before.get("hash").asText());
            }
        }
        JsonNode oldest = newestFirst.get(newestFirst.size() - 1);
        if (oldest.get("sequence").asLong() == 1) {
            assertThat(oldest.get("previousHash").asText()).isEqualTo("0".repeat(64));
        }
    }

    @Test
    void listWhenFilteredThenEventsKeepTheirSequenceNumbers() {
        HallmarkClient client = client();
        Tokens.device(client, "audit-chain-filter");
        long head = page(client, "/api/v1/audit-events?size=1").get(0).get("sequence").asLong();
        var response = client.get(client.admin(), "/api/v1/audit-events?size=1000", "application/json");
        assertThat(Json.parse(response.body()).get("totalItems").asLong()).as("no gap").isEqualTo(head);

        List<JsonNode> created = page(client, "/api/v1/audit-events?action=enrollment-token.create&size=2");
        assertThat(created.get(0).get("sequence").asLong()).isEqualTo(head);
        assertThat(created.get(1).get("sequence").asLong()).isLessThan(head);
    }

    private static List<JsonNode> page(HallmarkClient client, String path) {
        var response = client.get(client.admin(), path, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        Json.parse(response.body()).get("items").forEach(items::add);
        assertThat(items).isNotEmpty();
        return items;
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
