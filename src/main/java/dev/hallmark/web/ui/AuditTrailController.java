package dev.hallmark.web.ui;

import dev.hallmark.audit.AuditEventView;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.issuance.Serials;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The audit trail, newest first, filtered by action, actor and time; each event links to what it acted on. */
@Controller
class AuditTrailController {

    static final int PAGE_SIZE = 50;
    /** The actions the service records, for the filter's list; others can still be typed. */
    static final List<String> ACTIONS = List.of("certificate.issue", "certificate.revoke", "certificate.renew",
            "admin.create", "enrollment-token.create", "enrollment-token.revoke", "acme.eab-key.create",
            "acme.eab-key.revoke", "acme.account.create", "acme.account.update", "acme.account.deactivate",
            "acme.account.key-change", "acme.order.create", "acme.order.finalize", "ca.record");

    private final AuditLog audit;

    AuditTrailController(AuditLog audit) {
        this.audit = audit;
    }

    /** An event with the console page of its target, if it has one. */
    public record Event(AuditEventView event, String targetLink) {
    }

    /** The filter as submitted, and what was wrong with it, by field. */
    public record Filter(String action, String actor, String after, String before, int page,
            Map<String, String> errors) {

        public String pageLink(int newPage) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/ui/audit");
            if (action != null) {
                b.queryParam("action", action);
            }
            if (actor != null) {
                b.queryParam("actor", actor);
            }
            if (after != null) {
                b.queryParam("after", after);
            }
            if (before != null) {
                b.queryParam("before", before);
            }
            if (newPage > 0) {
                b.queryParam("page", newPage);
            }
            return b.encode().build().toUriString();
        }
    }

    @GetMapping("/ui/audit")
    String events(@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String after, @RequestParam(required = false) String before,
            @RequestParam(required = false) String page, Model model, HttpServletResponse response) {
        Map<String, String> errors = new LinkedHashMap<>();
        String actionValue = Forms.blankToNull(action);
        String actorValue = Forms.blankToNull(actor);
        if (actionValue != null && actionValue.length() > 64) {
            errors.put("action", "an action name is at most 64 characters");
        }
        if (actorValue != null && actorValue.length() > 255) {
            errors.put("actor", "an actor is at most 255 characters");
        }
        // a date stands for the start of its day (UTC), as in the API's instants: after=D&before=D+1 is the day D
        Instant afterValue = Forms.date(after, "after", errors);
        Instant beforeValue = Forms.date(before, "before", errors);
        if (afterValue != null && beforeValue != null && !beforeValue.isAfter(afterValue)) {
            errors.put("before", "before must be a later date than after");
        }
        Integer pageNumber = Forms.number(page, 0, 1_000_000, "page", errors);
        Filter filter = new Filter(actionValue, actorValue, Forms.blankToNull(after), Forms.blankToNull(before),
                pageNumber == null ? 0 : pageNumber, errors);
        model.addAttribute("filter", filter);
        model.addAttribute("actions", ACTIONS);
        if (!errors.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("events", List.of());
            model.addAttribute("total", 0L);
            model.addAttribute("pages", 0L);
            return "ui/audit";
        }
        var result = audit.search(actionValue, actorValue, afterValue, beforeValue, filter.page(), PAGE_SIZE);
        model.addAttribute("events", result.getContent().stream().map(e -> new Event(e, link(e))).toList());
        model.addAttribute("total", result.getTotalElements());
        model.addAttribute("pages", (long) result.getTotalPages());
        return "ui/audit";
    }

    /** Certificates by serial (issued, revoked, renewed, an administrator's); tokens, EAB keys, ACME accounts by id. */
    static String link(AuditEventView e) {
        String target = e.target();
        if (target == null || e.action() == null) {
            return null;
        }
        if ((e.action().startsWith("certificate.") || e.action().equals("admin.create"))
                && target.length() >= 16 && Serials.parse(target).isPresent()) {
            return "/ui/certificates/" + Serials.parse(target).get();
        }
        if (e.action().startsWith("enrollment-token.") && target.matches("[0-9a-f]{1,64}")) {
            return "/ui/tokens#token-" + target;
        }
        if (target.matches("[A-Za-z0-9_-]{1,64}")) {
            if (e.action().startsWith("acme.eab-key.")) {
                return "/ui/acme#eab-" + target;
            }
            if (e.action().startsWith("acme.account.")) {
                return "/ui/acme#account-" + target;
            }
        }
        return null;
    }
}
