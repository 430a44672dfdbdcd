package dev.hallmark.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Behind a proxy the service honours forwarded headers (Spring Boot does so by itself on Kubernetes and other
 * cloud platforms), and Tomcat then marks a request with {@code X-Forwarded-Proto: https} from a trusted address
 * as secure. On the plain-HTTP port that must not open the HTTPS surfaces: the port decides.
 */
class PlainHttpForwardedHeadersTests {

    @Test
    void plainHttpWhenForwardedProtoHttpsThenStill404() {
        Path dataDir = ServiceTest.newDataDir("forwarded");
        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, null,
                "--server.forward-headers-strategy=native")) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            for (String path : new String[] {"/api/v1/certificates", "/actuator/health", "/v3/api-docs"}) {
                var response = HallmarkClient.send(client.anonymous(), HttpRequest.newBuilder(client.http(path))
                        .header("X-Forwarded-Proto", "https").GET().build());
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(Json.parse(response.body()).get("detail").asText())
                        .isEqualTo("only CA certificates, CRLs and OCSP are served over plain HTTP; use HTTPS");
            }
            var crl = HallmarkClient.send(client.anonymous(), HttpRequest.newBuilder(client.http("/crl.pem"))
                    .header("X-Forwarded-Proto", "https").GET().build());
            assertThat(crl.statusCode()).isEqualTo(200);
        }
    }
}
