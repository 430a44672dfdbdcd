package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.DocumentedAuditHash;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail over the API carries its hash chain, and the chain is the one docs/operations.md describes;
 * the JSON Lines export, read with curl, streams all of it in chain order (its pages: AuditChainStorageTests).
 */
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
            assertThat(e.get("hash").asText()).as("event #%s", e.get("sequence")).isEqualTo(documentedHash(e));
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

    @Test
    void exportWhenNdjsonThenEveryEventOnceInChainOrderAndTheChainHolds() {
        HallmarkClient client = client();
        for (int i = 0; i < 3; i++) {
            Tokens.device(client, "audit-export-" + i);
        }
        JsonNode newest = page(client, "/api/v1/audit-events?size=1").get(0);

        List<JsonNode> lines = export(client, "");
        assertThat(lines.get(0).get("sequence").asLong()).isEqualTo(1);
        assertThat(lines.get(0).get("previousHash").asText()).isEqualTo("0".repeat(64));
        String previous = "0".repeat(64);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode e = lines.get(i);
            assertThat(e.get("sequence").asLong()).as("line %s", i + 1).isEqualTo(i + 1);
            assertThat(e.get("previousHash").asText()).as("event #%s", i + 1).isEqualTo(previous);
            assertThat(e.get("hash").asText()).as("event #%s", i + 1).isEqualTo(documentedHash(e));
            previous = e.get("hash").asText();
        }
        // what was appended while the export ran may follow; all that was there before it is in it
        assertThat(lines.size()).isGreaterThanOrEqualTo((int) newest.get("sequence").asLong());
        assertThat(lines.get((int) newest.get("sequence").asLong() - 1)).isEqualTo(newest);
    }

    @Test
    void exportWhenAfterSequenceThenOnlyTheEventsAfterIt() {
        HallmarkClient client = client();
        Tokens.device(client, "audit-export-after-1");
        Tokens.device(client, "audit-export-after-2");
        List<JsonNode> newestFirst = page(client, "/api/v1/audit-events?size=2");
        long from = newestFirst.get(1).get("sequence").asLong() - 1;

        List<JsonNode> lines = export(client, "?afterSequence=" + from);
        assertThat(lines.get(0)).isEqualTo(newestFirst.get(1));
        assertThat(lines.get(1)).isEqualTo(newestFirst.get(0));
        assertThat(lines.get(0).get("previousHash").asText()).isEqualTo(
                export(client, "?afterSequence=" + (from - 1)).get(0).get("hash").asText());
    }

    @Test
    void exportWhenAfterSequenceNegativeOrNotANumberThenProblem() {
        HallmarkClient client = client();
        for (String bad : List.of("-1", "first")) {
            var response = client.get(client.admin(), "/api/v1/audit-events?afterSequence=" + bad, "application/x-ndjson");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.parse(response.body()).get("detail").asText()).isEqualTo(bad.equals("-1")
                    ? "afterSequence must be 0 or more" : "parameter 'afterSequence' has an invalid value");
        }
    }

    @Test
    void exportWhenNoClientCertificateThen401() {
        HallmarkClient client = client();
        var response = client.get(client.anonymous(), "/api/v1/audit-events", "application/x-ndjson");
        assertThat(response.statusCode()).isEqualTo(401);
    }

    /** The export as curl reads it with the bootstrap administrator's PEM credential: one JSON object a line. */
    private static List<JsonNode> export(HallmarkClient client, String query) {
        Tools.Result result = Tools.run(client.bootstrap("").getParent(), "curl", "-sS", "--fail-with-body",
                "-H", "Accept: application/x-ndjson", "--cacert",
                client.bootstrap("root-ca.pem").toString(), "--cert", client.bootstrap("admin.crt").toString(),
                "--key", client.bootstrap("admin.key").toString(),
                client.https("/api/v1/audit-events" + query).toString()).assertSuccess();
        assertThat(result.stdout()).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        result.stdout().lines().forEach(line -> lines.add(Json.parse(line)));
        assertThat(lines).isNotEmpty();
        return lines;
    }

    private static String documentedHash(JsonNode e) {
        return DocumentedAuditHash.of(e.get("previousHash").asText(), e.get("sequence").asText(),
                e.get("occurredAt").asText(), text(e, "actor"), text(e, "action"), text(e, "target"),
                text(e, "remoteAddress"), text(e, "outcome"), text(e, "detail"));
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
