package dev.hallmark.web.ui;

import dev.hallmark.config.HallmarkProperties;
import dev.hallmark.inventory.CertificateDetails;
import dev.hallmark.inventory.CertificateFilter;
import dev.hallmark.inventory.CertificateQueries;
import dev.hallmark.issuance.Serials;
import dev.hallmark.policy.Limits;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.revocation.RevocationReason;
import dev.hallmark.revocation.RevocationService;
import dev.hallmark.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** Certificates: search, details, downloads and revocation, through the services the REST API uses. */
@Controller
class CertificatesController {

    static final int PAGE_SIZE = 25;
    /**
     * How deep paging reaches: the first 10,000 certificates of a search. An offset costs what it skips, so beyond
     * this a search is narrowed or sorted the other way; a search by text stops counting here.
     */
    static final int REACHABLE = 10_000;
    /** Columns a person can sort by, with the API's sort field names. */
    static final Map<String, String> COLUMNS = columns();

    private final CertificateQueries queries;
    private final RevocationService revocation;
    private final ProfileCatalog profiles;
    private final Clock clock;
    private final int maxPageSize;

    CertificatesController(CertificateQueries queries, RevocationService revocation, ProfileCatalog profiles,
            Clock clock, HallmarkProperties properties) {
        this.queries = queries;
        this.revocation = revocation;
        this.profiles = profiles;
        this.clock = clock;
        this.maxPageSize = properties.api().maxPageSize();
    }

    /** The search form as submitted (empty fields are null), and what was wrong with it, by field. */
    public record Search(String q, String status, String profile, Integer within, String expiresAfter, String expiresBefore,
            String sort, int page, int size, Map<String, String> errors) {

        /** This search with another sort or page, as a link. */
        public String link(String newSort, int newPage) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/ui/certificates");
            param(b, "q", q);
            param(b, "status", status);
            param(b, "profile", profile);
            param(b, "within", within == null ? null : within.toString());
            param(b, "expiresAfter", expiresAfter);
            param(b, "expiresBefore", expiresBefore);
            param(b, "sort", newSort);
            if (newPage > 0) {
                b.queryParam("page", newPage);
            }
            if (size != PAGE_SIZE) {
                b.queryParam("size", size);
            }
            return b.encode().build().toUriString();
        }

        /** The link a column header points to: ascending first, then the other way. */
        public String sortLink(String column) {
            String field = COLUMNS.get(column);
            boolean ascending = (field + ",asc").equals(sort) || field.equals(sort);
            return link(field + (ascending ? ",desc" : ",asc"), 0);
        }

        /** {@code ascending}, {@code descending} or {@code none}, for the column's aria-sort. */
        public String sortState(String column) {
            String field = COLUMNS.get(column);
            if (sort == null) {
                return column.equals("Issued") ? "descending" : "none";
            }
            return sort.equals(field) || sort.equals(field + ",asc") ? "ascending"
                    : sort.equals(field + ",desc") ? "descending" : "none";
        }

        public String pageLink(int newPage) {
            return link(sort, newPage);
        }

        private static void param(UriComponentsBuilder b, String name, String value) {
            if (value != null) {
                b.queryParam(name, value);
            }
        }
    }

    @GetMapping("/ui/certificates")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) String profile, @RequestParam(required = false) String within,
            @RequestParam(required = false) String expiresAfter, @RequestParam(required = false) String expiresBefore,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String page,
            @RequestParam(required = false) String size, Model model, HttpServletResponse response) {
        Map<String, String> errors = new LinkedHashMap<>();
        String text = Forms.blankToNull(q);
        if (text != null && text.length() > Limits.MAX_SAN_TEXT_LENGTH) {
            errors.put("q", "search text is at most " + Limits.MAX_SAN_TEXT_LENGTH + " characters");
        }
        String statusValue = Forms.oneOf(Forms.blankToNull(status), List.of("valid", "revoked", "expired"), "status", errors);
        String profileValue = Forms.oneOf(Forms.blankToNull(profile), profiles.all().stream().map(CertificateProfile::name)
                .toList(), "profile", errors);
        Integer withinDays = Forms.number(within, 1, 3660, "within", errors);
        Instant after = Forms.date(expiresAfter, "expiresAfter", errors);
        Instant before = Forms.date(expiresBefore, "expiresBefore", errors);
        if (withinDays != null) {
            Instant now = clock.instant();
            after = after == null || after.isBefore(now) ? now : after;
            Instant end = now.plus(Duration.ofDays(withinDays));
            before = before == null || before.isAfter(end) ? end : before;
        }
        String sortValue = Forms.oneOf(Forms.blankToNull(sort), sortValues(), "sort", errors);
        Integer pageNumber = Forms.number(page, 0, Integer.MAX_VALUE / maxPageSize, "page", errors);
        Integer pageSize = Forms.number(size, 1, maxPageSize, "size", errors);
        Search search = new Search(text, statusValue, profileValue, withinDays, Forms.blankToNull(expiresAfter),
                Forms.blankToNull(expiresBefore), sortValue, pageNumber == null ? 0 : pageNumber,
                pageSize == null ? PAGE_SIZE : pageSize, errors);
        if (pageNumber != null && (long) (pageNumber + 1) * search.size() > REACHABLE) {
            errors.put("page", "only the first " + REACHABLE + " certificates of a search can be paged to: narrow"
                    + " the search (status, profile, expiry, text) or sort the other way");
        }
        model.addAttribute("search", search);
        model.addAttribute("profiles", profiles.all().stream().map(CertificateProfile::name).toList());
        model.addAttribute("columns", COLUMNS.keySet());
        model.addAttribute("reachable", REACHABLE);
        if (!errors.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("result", null);
            return "ui/certificates";
        }
        CertificateQueries.BoundedPage result = queries.browse(new CertificateFilter(statusValue, profileValue, text,
                before, after), search.page(), search.size(), sortValue, REACHABLE);
        model.addAttribute("result", result);
        long pages = (Math.min(result.totalItems(), REACHABLE) + search.size() - 1) / search.size();
        model.addAttribute("pages", pages);
        model.addAttribute("pageNumbers", pageNumbers(search.page(), pages));
        return "ui/certificates";
    }

    @GetMapping("/ui/certificates/{serial}")
    String details(@PathVariable String serial, Model model) {
        CertificateDetails details = queries.details(serial(serial)).orElseThrow(() -> notFound(serial));
        model.addAttribute("c", details);
        return "ui/certificate";
    }

    @GetMapping("/ui/certificates/{serial}/pem")
    ResponseEntity<String> pem(@PathVariable String serial) {
        String normalized = serial(serial);
        String pem = queries.pem(normalized).orElseThrow(() -> notFound(serial));
        return download(normalized + ".pem", MediaType.parseMediaType("application/x-pem-file")).body(pem);
    }

    @GetMapping("/ui/certificates/{serial}/chain")
    ResponseEntity<String> chain(@PathVariable String serial) {
        String normalized = serial(serial);
        String chain = queries.chainPem(normalized).orElseThrow(() -> notFound(serial));
        return download(normalized + "-chain.pem", MediaType.parseMediaType("application/pem-certificate-chain"))
                .body(chain);
    }

    @GetMapping("/ui/certificates/{serial}/der")
    ResponseEntity<byte[]> der(@PathVariable String serial) {
        String normalized = serial(serial);
        byte[] der = queries.der(normalized).orElseThrow(() -> notFound(serial));
        return download(normalized + ".cer", MediaType.parseMediaType("application/pkix-cert")).body(der);
    }

    /** The confirmation step: what will be revoked, and the reason to choose. */
    @GetMapping("/ui/certificates/{serial}/revoke")
    String confirmRevoke(@PathVariable String serial, Model model) {
        return revokePage(serial(serial), "unspecified", null, model);
    }

    @PostMapping("/ui/certificates/{serial}/revoke")
    String revoke(@PathVariable String serial, @RequestParam(required = false) String reason, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        String normalized = serial(serial);
        Optional<RevocationReason> chosen = RevocationReason.named(reason == null ? "" : reason);
        if (chosen.isEmpty()) {
            response.setStatus(400);
            return revokePage(normalized, reason, ConsoleProblem.invalid("unknown reason '"
                    + Limits.quote(String.valueOf(reason)) + "'; use one of " + List.of(RevocationReason.values())),
                    model);
        }
        try {
            revocation.revoke(normalized, chosen.get(), Callers.caller(request));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            return revokePage(normalized, chosen.get().name(), problem, model);
        }
        // see other: a reload of the details page does not post the form again
        return "redirect:/ui/certificates/" + normalized + "?revoked";
    }

    private String revokePage(String serial, String reason, ConsoleProblem problem, Model model) {
        model.addAttribute("c", queries.details(serial).orElseThrow(() -> notFound(serial)));
        model.addAttribute("reasons", List.of(RevocationReason.values()));
        model.addAttribute("reason", reason);
        model.addAttribute("problem", problem);
        return "ui/revoke";
    }

    static ResponseEntity.BodyBuilder download(String filename, MediaType type) {
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(filename).build().toString());
    }

    static String serial(String text) {
        return Serials.parse(text).orElseThrow(() -> new ConsoleProblemException(ConsoleProblem.invalid(
                "'" + Limits.quote(text) + "' is not a hexadecimal serial number")));
    }

    static ConsoleProblemException notFound(String serial) {
        return new ConsoleProblemException(ConsoleProblem.notFound("no certificate with serial "
                + Limits.quote(serial)));
    }





    private static List<String> sortValues() {
        List<String> values = new ArrayList<>();
        for (String field : CertificateQueries.SORTABLE) {
            values.add(field);
            values.add(field + ",asc");
            values.add(field + ",desc");
        }
        return values;
    }

    /** At most seven page numbers around the current one. */
    private static List<Integer> pageNumbers(int page, long pages) {
        List<Integer> numbers = new ArrayList<>();
        long first = Math.max(0, Math.min(page - 3, pages - 7));
        for (long p = first; p < pages && numbers.size() < 7; p++) {
            numbers.add((int) p);
        }
        return numbers;
    }

    private static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("Subject", "subject");
        columns.put("Profile", "profile");
        columns.put("Serial", "serial");
        columns.put("Issued", "createdAt");
        columns.put("Expires", "notAfter");
        return columns;
    }
}
