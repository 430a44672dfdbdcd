package dev.hallmark.support;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Creates enrollment tokens as the bootstrap administrator, for tests of the device side. */
public final class Tokens {

    private Tokens() {
    }

    /** An issued token: {@code id} and {@code token} as the API answered them. */
    public record Token(String id, String token) {
    }

    public static Token create(HallmarkClient client, String json) {
        var response = client.postJson(client.admin(), "/api/v1/enrollment-tokens", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = Json.parse(response.body());
        return new Token(body.get("id").asText(), body.get("token").asText());
    }

    /** A one-hour token for a device with exactly this common name and no SANs. */
    public static Token device(HallmarkClient client, String commonName) {
        return create(client, "{\"profile\":\"device\",\"commonName\":" + Json.quote(commonName) + "}");
    }

    public static String state(HallmarkClient client, String id) {
        var response = client.get(client.admin(), "/api/v1/enrollment-tokens", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode t : Json.parse(response.body())) {
            if (t.get("id").asText().equals(id)) {
                return t.get("state").asText();
            }
        }
        throw new AssertionError("no token " + id);
    }
}
