package dev.hallmark.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
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
                .components(new Components().addSchemas("Problem", new ObjectSchema()
                        .description("RFC 9457 problem details")
                        .addProperty("type", new StringSchema().example("urn:hallmark:problem:weak-key"))
                        .addProperty("title", new StringSchema())
                        .addProperty("status", new IntegerSchema())
                        .addProperty("detail", new StringSchema())
                        .addProperty("instance", new StringSchema())))
                .servers(List.of(new Server().url("https://localhost:8443").description("HTTPS (mutual TLS optional)"),
                        new Server().url("http://localhost:8080").description("plain HTTP: CA certificates, CRLs, OCSP")));
    }

    /**
     * OCSP (RFC 6960 appendix A) is answered by a servlet filter, since a GET carries raw base64 with
     * '/' and '+' in its path; springdoc cannot see it, so its two operations are described here.
     */
    @Bean
    OpenApiCustomizer ocspOperations() {
        Content response = binary("application/ocsp-response");
        ApiResponses responses = new ApiResponses().addApiResponse("200", new ApiResponse()
                .description("a signed OCSP response: good, revoked or unknown per certificate; protocol errors "
                        + "(malformedRequest, unauthorized, tryLater) are OCSP responses too").content(response));
        return api -> api
                .path("/ocsp", new PathItem().post(new Operation().operationId("ocspPost").addTagsItem("ocsp")
                        .summary("OCSP request in the body (application/ocsp-request)")
                        .requestBody(new RequestBody().required(true).content(binary("application/ocsp-request")))
                        .responses(responses)))
                .path("/ocsp/{request}", new PathItem().get(new Operation().operationId("ocspGet").addTagsItem("ocsp")
                        .summary("OCSP request as base64 of its DER in the path (percent-encoding optional); cacheable")
                        .addParametersItem(new PathParameter().name("request").schema(new StringSchema()))
                        .responses(responses)));
    }

    private static Content binary(String mediaType) {
        return new Content().addMediaType(mediaType,
                new MediaType().schema(new StringSchema().format("binary")));
    }

    /** Every REST operation may answer an RFC 9457 problem; say so once instead of on each method. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(operation -> operation.getResponses().addApiResponse("4XX",
                        new ApiResponse().description("the request was refused; the problem says why")
                                .content(new Content().addMediaType("application/problem+json",
                                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))))));
            }
        });
    }
}
