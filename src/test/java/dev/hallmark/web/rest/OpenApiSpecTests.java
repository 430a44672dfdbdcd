package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * api-spec/openapi.yaml is the published contract: it must equal what the running service serves.
 * When the API changes on purpose, copy target/openapi-actual.yaml over api-spec/openapi.yaml.
 */
class OpenApiSpecTests extends ServiceTest {

    @Test
    void specWhenComparedWithRunningServiceThenIdentical() throws Exception {
        var response = client().get(client().anonymous(), "/v3/api-docs.yaml", "application/vnd.oai.openapi");
        assertThat(response.statusCode()).isEqualTo(200);
        Files.writeString(Path.of("target", "openapi-actual.yaml"), response.body());
        Map<String, Object> served = new Yaml().load(response.body());
        Map<String, Object> committed = new Yaml().load(Files.readString(Path.of("api-spec", "openapi.yaml")));
        assertThat(committed)
                .as("api-spec/openapi.yaml differs from /v3/api-docs; if intended: cp target/openapi-actual.yaml api-spec/openapi.yaml")
                .isEqualTo(served);
    }
}
