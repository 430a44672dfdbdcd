package dev.hallmark.web.rest;

import dev.hallmark.acme.AcmeAccountSummary;
import dev.hallmark.acme.AcmeAdministrationException;
import dev.hallmark.acme.AcmeAccounts;
import dev.hallmark.acme.EabKeyView;
import dev.hallmark.acme.ExternalAccountKeys;
import dev.hallmark.web.Callers;
import dev.hallmark.web.problem.ProblemType;
import dev.hallmark.web.problem.RestExceptionHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * ACME for administrators: external account binding keys (RFC 8555 section 7.3.4), created and revoked, and the
 * accounts, listed and deactivated.
 */
@RestController
@RequestMapping("/api/v1/acme")
@Tag(name = "acme")
public class AcmeAdminController {

    /** At most this many accounts or keys are listed, newest first. */
    static final int MAX_LISTED = 1000;

    private final ExternalAccountKeys keys;
    private final AcmeAccounts accounts;

    public AcmeAdminController(ExternalAccountKeys keys, AcmeAccounts accounts) {
        this.keys = keys;
        this.accounts = accounts;
    }

    /**
     * @param profiles ACME profiles the bound account may order; all offered when omitted
     * @param namePatterns names or {@code *.example.com} patterns the bound account may order; any when omitted
     * @param expiresIn ISO-8601 duration (at most P365D) within which the key must be used; never expires when omitted
     */
    public record CreateEabKey(@NotBlank String name, List<String> profiles, List<String> namePatterns,
            String expiresIn) {
    }

    /** The new key: {@code keyId} and {@code hmacKey} (base64url) for the ACME client, shown only here. */
    public record CreatedEabKey(String keyId, String hmacKey, String name, List<String> profiles,
            List<String> namePatterns, Instant expiresAt, Instant createdAt, String createdBy) {
    }

    @Operation(operationId = "createAcmeEabKey",
            summary = "Create an ACME external account binding key; the HMAC key is shown once")
    @ApiResponse(responseCode = "201", description = "the new key; hmacKey is shown only here",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = CreatedEabKey.class)))
    @PostMapping(path = "/eab-keys", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CreatedEabKey> createEabKey(@Valid @RequestBody CreateEabKey body,
            HttpServletRequest request) {
        ExternalAccountKeys.Created created = keys.create(body.name(), body.profiles(), body.namePatterns(),
                body.expiresIn(), Callers.actor(request));
        EabKeyView k = created.key();
        return ResponseEntity.created(URI.create("/api/v1/acme/eab-keys/" + k.keyId())).body(new CreatedEabKey(
                k.keyId(), created.hmacKey(), k.name(), k.profiles(), k.namePatterns(), k.expiresAt(), k.createdAt(),
                k.createdBy()));
    }

    @Operation(operationId = "listAcmeEabKeys",
            summary = "List ACME external account binding keys, newest first, without their HMAC keys")
    @GetMapping(path = "/eab-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<EabKeyView> listEabKeys() {
        return keys.list(MAX_LISTED);
    }

    @Operation(operationId = "revokeAcmeEabKey",
            summary = "Revoke an EAB key that has not bound an account: no account can be created with it after",
            description = "ADMIN or OPERATOR. A key that bound an account has done its work: deactivate the account"
                    + " instead.")
    @ApiResponse(responseCode = "200", description = "the revoked key", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = EabKeyView.class)))
    @ApiResponse(responseCode = "404", description = "no such key (urn:hallmark:problem:not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "409", description = "the key has bound an account or was revoked already"
            + " (urn:hallmark:problem:conflict)", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping(path = "/eab-keys/{keyId}/revoke", produces = MediaType.APPLICATION_JSON_VALUE)
    public EabKeyView revokeEabKey(@PathVariable String keyId, HttpServletRequest request) {
        return keys.revoke(keyId, Callers.actor(request));
    }

    @Operation(operationId = "listAcmeAccounts", summary = "List ACME accounts, newest first")
    @GetMapping(path = "/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<AcmeAccountSummary> listAccounts() {
        return accounts.list(MAX_LISTED);
    }

    @Operation(operationId = "deactivateAcmeAccount",
            summary = "Deactivate an ACME account (RFC 8555 section 7.3.6): final; its open orders become invalid",
            description = "ADMIN only. The account's client is refused from then on; the certificates it obtained"
                    + " stay valid until revoked.")
    @ApiResponse(responseCode = "200", description = "the deactivated account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AcmeAccountSummary.class)))
    @ApiResponse(responseCode = "404", description = "no such account (urn:hallmark:problem:not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "409", description = "the account is deactivated already"
            + " (urn:hallmark:problem:conflict)", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping(path = "/accounts/{id}/deactivate", produces = MediaType.APPLICATION_JSON_VALUE)
    public AcmeAccountSummary deactivateAccount(@PathVariable String id, HttpServletRequest request) {
        return accounts.deactivate(id, Callers.actor(request));
    }

    @ExceptionHandler(ExternalAccountKeys.InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(ExternalAccountKeys.InvalidRequestException e, HttpServletRequest request) {
        return RestExceptionHandler.problem(ProblemType.INVALID_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(AcmeAdministrationException.class)
    ResponseEntity<ProblemDetail> refused(AcmeAdministrationException e, HttpServletRequest request) {
        return RestExceptionHandler.problem(switch (e.reason()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case CONFLICT -> ProblemType.CONFLICT;
        }, e.getMessage(), request);
    }
}
