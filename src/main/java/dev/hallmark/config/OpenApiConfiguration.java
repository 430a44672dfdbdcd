package dev.hallmark.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at /v3/api-docs; api-spec/openapi.yaml must equal it (a test checks). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI hallmarkOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Hallmark CA").version("v1")
                        .description("Self-hosted certificate authority: CSR signing, certificate store, mutual-TLS "
                                + "administrators, revocation (CRL, OCSP) and device enrollment (EST). REST calls "
                                + "authenticate with a client certificate of this CA (administrators) or an enrollment "
                                + "token (Authorization: Bearer). Errors are RFC 9457 problem details.")
                        .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("https://localhost:8443").description("HTTPS (mutual TLS optional)"),
                        new Server().url("http://localhost:8080").description("plain HTTP: CA certificates, CRLs, OCSP")));
    }
}
