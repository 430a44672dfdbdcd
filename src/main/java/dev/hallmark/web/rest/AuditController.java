package dev.hallmark.web.rest;

import dev.hallmark.audit.AuditEventView;
import dev.hallmark.audit.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, newest first. */
@RestController
@RequestMapping("/api/v1/audit-events")
@Tag(name = "audit")
public class AuditController {

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    public record AuditPage(List<AuditEventView> items, int page, int size, long totalItems) {
    }

    @Operation(operationId = "listAuditEvents", summary = "Read audit events, newest first")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public AuditPage list(@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
            @RequestParam(required = false) Instant after, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Paging.check(page, size, 1000);
        var result = audit.search(action, actor, after, page, size);
        return new AuditPage(result.getContent(), page, size, result.getTotalElements());
    }
}
