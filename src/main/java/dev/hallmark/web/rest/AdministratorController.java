package dev.hallmark.web.rest;

import dev.hallmark.admin.AdministratorCredential;
import dev.hallmark.admin.AdministratorService;
import dev.hallmark.admin.AdministratorView;
import dev.hallmark.admin.Role;
import dev.hallmark.web.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrators: who may manage the CA, each with a client certificate and a role. */
@RestController
@RequestMapping("/api/v1/admins")
@Tag(name = "administrators")
public class AdministratorController {

    private final AdministratorService administrators;

    public AdministratorController(AdministratorService administrators) {
        this.administrators = administrators;
    }

    /** @param csr the administrator's own CSR as PEM; without it a key is generated and answered as PKCS#12 */
    public record CreateAdministrator(@NotBlank String name, @NotNull Role role, String csr) {
    }

    /** The new administrator; pkcs12Base64 and pkcs12Password only when the key was generated here, shown once. */
    public record CreatedAdministrator(long id, String name, Role role, String serial, String certificatePem,
            String pkcs12Base64, String pkcs12Password) {
    }

    @Operation(operationId = "createAdministrator", summary = "Create an administrator from its CSR, or with a generated key answered as PKCS#12",
            description = "ADMIN only. No two active administrators (valid, unexpired certificate) share a name.")
    @ApiResponse(responseCode = "201", description = "the new administrator and its credential",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = CreatedAdministrator.class)))
    @ApiResponse(responseCode = "403", description = "the caller is not an ADMIN (urn:hallmark:problem:forbidden)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "409", description = "an active administrator has this name"
            + " (urn:hallmark:problem:conflict)", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CreatedAdministrator> create(@Valid @RequestBody CreateAdministrator body,
            HttpServletRequest request) {
        byte[] csr = body.csr() == null ? null : body.csr().getBytes(StandardCharsets.US_ASCII);
        AdministratorCredential c = administrators.create(body.name(), body.role(), csr, Callers.caller(request));
        return ResponseEntity.created(URI.create("/api/v1/admins/" + c.id())).body(new CreatedAdministrator(c.id(),
                c.name(), c.role(), c.serial(), c.chainPem(), c.pkcs12Base64(), c.pkcs12Password()));
    }

    @Operation(operationId = "listAdministrators", summary = "List administrators")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<AdministratorView> list() {
        return administrators.list();
    }
}
