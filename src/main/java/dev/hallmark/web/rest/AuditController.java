package dev.hallmark.web.rest;

import dev.hallmark.audit.AuditEventView;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.web.problem.ProblemException;
import dev.hallmark.web.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail: newest first a page at a time, or all of it oldest first as JSON Lines for a SIEM. */
@RestController
@RequestMapping("/api/v1/audit-events")
@Tag(name = "audit")
public class AuditController {

    static final String NDJSON = "application/x-ndjson";
    /** One description for both: the API description shows them as one operation. */
    private static final String EITHER = "application/json: a page of events, newest first, filtered by action, actor"
            + ", after and before (page, size). application/x-ndjson: every event after afterSequence (0: from the first) up"
            + " to the head when the export began, oldest first, one event a line with its sequence, previousHash"
            + " and hash, streamed a page at a time, for a SIEM.";
    private static final String BODIES = "a page of events (JSON), or one event a line (JSON Lines)";

    private final AuditLog audit;
    private final JsonMapper json;

    public AuditController(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    public record AuditPage(List<AuditEventView> items, int page, int size, long totalItems) {
    }

    @Operation(operationId = "listAuditEvents", summary = "Read audit events, newest first; or, with Accept:"
            + " application/x-ndjson, export the whole trail as JSON Lines", description = EITHER)
    @ApiResponse(responseCode = "200", description = BODIES, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = AuditPage.class)))
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public AuditPage list(@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
            @RequestParam(required = false) Instant after, @RequestParam(required = false) Instant before,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Paging.check(page, size, 1000);
        var result = audit.search(action, actor, after, before, page, size);
        return new AuditPage(result.getContent(), page, size, result.getTotalElements());
    }

    /**
     * Written as it is read, a page of events at a time: the trail may be larger than the heap. The
     * status is sent before the last event is read, so a failure part-way ends the response early
     * rather than with a problem; the last line's {@code sequence} shows how far it got.
     */
    @Operation(operationId = "exportAuditEvents", summary = "Export the whole audit trail as JSON Lines",
            description = EITHER)
    @ApiResponse(responseCode = "200", description = BODIES, content = @Content(mediaType = NDJSON, schema = @Schema(implementation = AuditEventView.class)))
    @GetMapping(produces = NDJSON)
    public void export(@RequestParam(defaultValue = "0") long afterSequence, HttpServletResponse response)
            throws IOException {
        if (afterSequence < 0) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "afterSequence must be 0 or more");
        }
        response.setContentType(NDJSON);
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024);
        audit.export(afterSequence, event -> {
            try {
                out.write(json.writeValueAsBytes(event));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the client went away
            }
        });
        out.flush();
    }
}
