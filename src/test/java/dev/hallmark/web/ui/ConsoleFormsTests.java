package dev.hallmark.web.ui;

import static dev.hallmark.web.ui.ConsoleHttp.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/** The console's forms over HTTPS: a refusal is shown beside the field that caused it, in the API's words. */
class ConsoleFormsTests extends ServiceTest {

    private static final List<String> TOKEN_FIELDS = List.of("profile", "commonName", "sans", "expiresIn");

    @Test
    void tokenFormWhenAFieldIsRefusedThenTheApisProblemTextIsBesideThatFieldAndNoTokenIsMade() {
        assertRefusedBeside("profile", "nope", "device-1", "", "PT1H");
        assertRefusedBeside("commonName", "device", "a*b", "", "PT1H");
        assertRefusedBeside("commonName", "device", "x".repeat(65), "", "PT1H");
        assertRefusedBeside("sans", "device", "", "ok.example, bad!name", "PT1H");
        assertRefusedBeside("sans", "device", "", "a".repeat(64) + ".example", "PT1H");
        assertRefusedBeside("expiresIn", "device", "", "", "P31D");
        assertRefusedBeside("expiresIn", "device", "", "", "an hour");
    }

    @Test
    void auditWhenFilteredBeforeADateThenOnlyEventsBeforeThatDayAndABackwardRangeRefusedBesideTheField() {
        HallmarkClient c = client();
        String cn = "audit-before-" + UUID.randomUUID().toString().substring(0, 8);
        var created = c.postJson(c.admin(), "/api/v1/enrollment-tokens",
                "{\"profile\":\"device\",\"commonName\":\"" + cn + "\",\"expiresIn\":\"PT1H\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.parse(created.body()).get("id").asText();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        String action = "/ui/audit?action=enrollment-token.create";
        assertThat(ConsoleHttp.get(c, c.admin(), action + "&before=" + today.plusDays(1)).body())
                .contains(id);
        ConsoleHttp.Page beforeToday = ConsoleHttp.get(c, c.admin(), action + "&before=" + today);
        assertThat(beforeToday.status()).isEqualTo(200);
        assertThat(beforeToday.body()).doesNotContain(id).contains("value=\"" + today + "\"");
        assertThat(ConsoleHttp.get(c, c.admin(), action + "&after=" + today + "&before=" + today.plusDays(1))
                .body()).contains(id);

        ConsoleHttp.Page backward = ConsoleHttp.get(c, c.admin(), action + "&after=" + today + "&before=" + today);
        assertThat(backward.status()).isEqualTo(400);
        assertThat(ConsoleHttp.find(backward.body(), "<p class=\"error\" id=\"before-error\">([^<]*)</p>"))
                .isEqualTo("before must be a later date than after");
        assertThat(backward.body()).contains("aria-describedby=\"before-error\"").doesNotContain(id);

        // the API's before is an instant, exclusive, like after
        JsonNode event = Json.parse(c.get(c.admin(), "/api/v1/audit-events?action=enrollment-token.create&size=1",
                "application/json").body()).get("items").get(0);
        assertThat(event.get("target").asText()).isEqualTo(id);
        Instant at = Instant.parse(event.get("occurredAt").asText());
        assertThat(apiTargets("before=" + at)).doesNotContain(id);
        assertThat(apiTargets("before=" + at.plusMillis(1))).contains(id);
        assertThat(apiTargets("after=" + at)).doesNotContain(id);
        assertThat(apiTargets("after=" + at.minusMillis(1) + "&before=" + at.plusMillis(1))).contains(id);
    }

    @Test
    void certificatesWhenAPageBeyondTheFirst10000IsAskedThenRefusedBesideThePagesSayingWhatToDo() {
        HallmarkClient c = client();
        assertThat(ConsoleHttp.get(c, c.admin(), "/ui/certificates?page=399").status()).isEqualTo(200);
        assertThat(ConsoleHttp.get(c, c.admin(), "/ui/certificates?page=99&size=100").status()).isEqualTo(200);
        for (String path : List.of("/ui/certificates?page=400", "/ui/certificates?page=100&size=100")) {
            ConsoleHttp.Page refused = ConsoleHttp.get(c, c.admin(), path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.body()).contains("only the first 10000 certificates of a search can be paged to: narrow"
                    + " the search (status, profile, expiry, text) or sort the other way").doesNotContain("id=\"found\"");
        }
    }

    /**
     * The console's token form and the REST API refuse the same request with the same status and text, and the
     * console shows the text beside the field, marks only that field invalid, and makes no token.
     */
    private void assertRefusedBeside(String field, String profile, String commonName, String sans, String expiresIn) {
        HallmarkClient c = client();
        int tokensBefore = Json.parse(c.get(c.admin(), "/api/v1/enrollment-tokens", "application/json").body()).size();
        StringBuilder json = new StringBuilder("{\"profile\":\"" + profile + "\",\"expiresIn\":\"" + expiresIn + "\"");
        if (!commonName.isEmpty()) {
            json.append(",\"commonName\":\"").append(commonName).append('"');
        }
        json.append(",\"sans\":[");
        List<String> names = sans.isEmpty() ? List.of() : List.of(sans.split(",\\s*"));
        for (int i = 0; i < names.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
        }
        json.append("]}");
        var api = c.postJson(c.admin(), "/api/v1/enrollment-tokens", json.toString());
        assertThat(api.statusCode()).as(api.body()).isBetween(400, 499);
        String detail = Json.parse(api.body()).get("detail").asText();

        ConsoleHttp.Page formPage = ConsoleHttp.get(c, c.admin(), "/ui/tokens");
        ConsoleHttp.Page refused = ConsoleHttp.post(c, c.admin(), "/ui/tokens", formPage.csrfCookie(), form(
                "_csrf", formPage.csrfField(), "profile", profile, "commonName", commonName, "sans", sans,
                "expiresIn", expiresIn));

        assertThat(refused.status()).as(field + ": " + detail).isEqualTo(api.statusCode());
        assertThat(ConsoleHttp.find(refused.body(), "<p class=\"error\" id=\"" + field + "-error\">([^<]*)</p>"))
                .isEqualTo(HtmlUtils.htmlEscape(detail));
        assertThat(ConsoleHttp.find(refused.body(), "(<(?:input|select) id=\"" + field + "\"[^>]*>)"))
                .contains("aria-invalid=\"true\"").contains("aria-describedby=\"" + field + "-error\"");
        for (String other : TOKEN_FIELDS) {
            if (!other.equals(field)) {
                assertThat(refused.body()).doesNotContain("id=\"" + other + "-error\"");
            }
        }
        assertThat(Json.parse(c.get(c.admin(), "/api/v1/enrollment-tokens", "application/json").body()).size())
                .isEqualTo(tokensBefore);
    }

    private List<String> apiTargets(String query) {
        var response = client().get(client().admin(), "/api/v1/audit-events?action=enrollment-token.create&size=1000&"
                + query, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).get("items").valueStream().map(e -> e.get("target").asText()).toList();
    }
}
