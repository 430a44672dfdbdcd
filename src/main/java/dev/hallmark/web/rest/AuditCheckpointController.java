package dev.hallmark.web.rest;

import dev.hallmark.audit.AuditCheckpointView;
import dev.hallmark.audit.AuditCheckpoints;
import dev.hallmark.web.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Signed checkpoints of the audit trail's head: made on demand or on schedule, kept for verify-audit. */
@RestController
@RequestMapping("/api/v1/audit-checkpoints")
@Tag(name = "audit")
public class AuditCheckpointController {

    private final AuditCheckpoints checkpoints;

    public AuditCheckpointController(AuditCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    public record CheckpointPage(List<AuditCheckpointView> items, int page, int size, long totalItems) {
    }

    @Operation(operationId = "createAuditCheckpoint", summary = "Sign the audit trail's head now with the issuing CA;"
            + " keep checkpointPem outside the database for verify-audit --checkpoint")
    @ApiResponse(responseCode = "201", description = "the checkpoint, stored, logged and audited",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = AuditCheckpointView.class)))
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public AuditCheckpointView create(HttpServletRequest request) {
        return checkpoints.create(Callers.actor(request));
    }

    @Operation(operationId = "listAuditCheckpoints", summary = "List signed audit checkpoints, newest first")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public CheckpointPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Paging.check(page, size, 1000);
        return new CheckpointPage(checkpoints.list(page, size), page, size, checkpoints.count());
    }
}
