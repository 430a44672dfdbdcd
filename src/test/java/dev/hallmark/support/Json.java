package dev.hallmark.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads JSON answers in tests. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static JsonNode parse(String body) {
        return MAPPER.readTree(body);
    }

    public static String quote(String text) {
        return MAPPER.writeValueAsString(text);
    }
}
