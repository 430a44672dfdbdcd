package dev.hallmark.web.rest;

import dev.hallmark.enrollment.CreatedEnrollmentToken;
import dev.hallmark.enrollment.EnrollmentTokenService;
import dev.hallmark.enrollment.EnrollmentTokenView;
import dev.hallmark.enrollment.InvalidTokenRequestException;
import dev.hallmark.enrollment.TokenNotFoundException;
import dev.hallmark.enrollment.TokenState;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One-time enrollment tokens: a device with only curl and openssl, or an EST client, enrolls with one. */
@RestController
@RequestMapping("/api/v1/enrollment-tokens")
@Tag(name = "enrollment tokens")
public class EnrollmentTokenController {

    private final EnrollmentTokenService tokens;

    public EnrollmentTokenController(EnrollmentTokenService tokens) {
        this.tokens = tokens;
    }

    /**
     * @param commonName exact common name, {@code *.example.com} or {@code *}; any when omitted
     * @param sans allowed SANs (exact or {@code *.example.com}); none when omitted
     * @param expiresIn ISO-8601 duration, at most 30 days; one hour when omitted
     */
    public record CreateToken(@NotBlank String profile, String commonName, List<String> sans, String expiresIn) {
    }

    /** The new token; {@code token} is the whole credential and is shown only here. */
    public record CreatedToken(String id, String token, Instant expiresAt, String profile, String commonName,
            List<String> sans, TokenState state, Instant createdAt, String createdBy) {
    }

    @Operation(operationId = "createEnrollmentToken",
            summary = "Create a one-time enrollment token bound to a profile and names; the secret is shown once")
    @ApiResponse(responseCode = "201", description = "the new token; its secret is shown only here",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = CreatedToken.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CreatedToken> create(@Valid @RequestBody CreateToken body, HttpServletRequest request) {
        CreatedEnrollmentToken created = tokens.create(body.profile(), body.commonName(), body.sans(), body.expiresIn(),
                Callers.actor(request));
        EnrollmentTokenView v = created.view();
        return ResponseEntity.created(URI.create("/api/v1/enrollment-tokens/" + v.id())).body(new CreatedToken(v.id(),
                created.token(), v.expiresAt(), v.profile(), v.commonName(), v.sans(), v.state(), v.createdAt(),
                v.createdBy()));
    }

    @Operation(operationId = "listEnrollmentTokens", summary = "List enrollment tokens with their state (unused, used, expired, revoked), newest first")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<EnrollmentTokenView> list(@RequestParam(required = false) TokenState state) {
        return tokens.list().stream().filter(t -> state == null || t.state() == state).toList();
    }

    @Operation(operationId = "revokeEnrollmentToken", summary = "Revoke an unused enrollment token")
    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public EnrollmentTokenView revoke(@PathVariable String id, HttpServletRequest request) {
        return tokens.revoke(id, Callers.actor(request));
    }

    @ExceptionHandler(InvalidTokenRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidTokenRequestException e, HttpServletRequest request) {
        return RestExceptionHandler.problem(ProblemType.INVALID_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(TokenNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(TokenNotFoundException e, HttpServletRequest request) {
        return RestExceptionHandler.problem(ProblemType.NOT_FOUND, e.getMessage(), request);
    }
}
