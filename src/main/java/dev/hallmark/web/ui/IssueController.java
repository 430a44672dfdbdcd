package dev.hallmark.web.ui;

import dev.hallmark.admin.AdministratorAuthorizer;
import dev.hallmark.issuance.GeneratedKeyCertificate;
import dev.hallmark.issuance.GeneratedKeyIssuance;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.web.Callers;
import dev.hallmark.web.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Issuing from the console: a CSR pasted or uploaded, shown as it would be issued and issued only when confirmed;
 * or a key generated here for a person, answered once as PKCS#12. Both through the issuance service the REST API
 * uses, as the administrator who asks.
 */
@Controller
class IssueController {

    /** The most a CSR field or file may hold; a CSR is a few kilobytes. */
    static final int MAX_CSR_BYTES = 32 * 1024;

    private final IssuanceService issuance;
    private final GeneratedKeyIssuance generatedKeys;
    private final ProfileCatalog profiles;
    private final AdministratorAuthorizer administrators;

    IssueController(IssuanceService issuance, GeneratedKeyIssuance generatedKeys, ProfileCatalog profiles,
            AdministratorAuthorizer administrators) {
        this.administrators = administrators;
        this.issuance = issuance;
        this.generatedKeys = generatedKeys;
        this.profiles = profiles;
    }

    /** The form as submitted, and what was wrong with it, by field. */
    public record IssueForm(String csr, String profile, String validityDays, Map<String, String> errors,
            ConsoleProblem problem) {
    }

    /** The key-generation form as submitted. */
    public record KeyForm(String commonName, String emails, String profile, String validityDays,
            Map<String, String> errors, ConsoleProblem problem) {
    }

    @GetMapping("/ui/issue")
    String form(Model model) {
        return issuePage(new IssueForm("", "server", "", Map.of(), null), model);
    }

    @PostMapping("/ui/issue/preview")
    String preview(@RequestParam(required = false) String csr, @RequestParam(required = false) MultipartFile csrFile,
            @RequestParam(required = false) String profile, @RequestParam(required = false) String validityDays,
            Model model, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> errors = new LinkedHashMap<>();
        byte[] bytes = csrBytes(csr, csrFile, errors);
        Integer days = Forms.number(validityDays, 1, 3660, "validityDays", errors);
        String chosen = profile == null ? "server" : profile;
        String pasted = csr == null ? "" : csr;
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return issuePage(new IssueForm(pasted, chosen, validityDays, errors, null), model);
        }
        try {
            model.addAttribute("preview", issuance.preview(new IssuanceRequest(bytes, days,
                    administrators.issuing(Callers.caller(request), chosen))));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            return issuePage(new IssueForm(pasted, chosen, validityDays, Map.of(field(problem), problem.detail()),
                    problem), model);
        }
        model.addAttribute("csrBase64", Base64.getEncoder().encodeToString(bytes));
        model.addAttribute("validityDays", days);
        return "ui/issue-preview";
    }

    @PostMapping("/ui/issue")
    String issue(@RequestParam String csrBase64, @RequestParam String profile,
            @RequestParam(required = false) Integer validityDays, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(csrBase64);
        } catch (IllegalArgumentException e) {
            throw new ConsoleProblemException(ConsoleProblem.invalid("the confirmed CSR was not base64"));
        }
        IssuedCertificate issued;
        try {
            issued = issuance.issue(new IssuanceRequest(bytes, validityDays,
                    administrators.issuing(Callers.caller(request), profile)));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            return issuePage(new IssueForm(new String(bytes, StandardCharsets.US_ASCII), profile,
                    validityDays == null ? "" : validityDays.toString(), Map.of(field(problem), problem.detail()),
                    problem), model);
        }
        response.setStatus(201);
        model.addAttribute("issued", issued);
        return "ui/issued";
    }

    @GetMapping("/ui/issue/pkcs12")
    String keyForm(Model model) {
        return keyPage(new KeyForm("", "", "client", "", Map.of(), null), model);
    }

    @PostMapping("/ui/issue/pkcs12")
    String generate(@RequestParam(required = false) String commonName, @RequestParam(required = false) String emails,
            @RequestParam(required = false) String profile, @RequestParam(required = false) String validityDays,
            Model model, HttpServletRequest request, HttpServletResponse response) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = Forms.blankToNull(commonName);
        if (name == null) {
            errors.put("commonName", "the person's name is required");
        }
        Integer days = Forms.number(validityDays, 1, 3660, "validityDays", errors);
        String chosen = profile == null ? "client" : profile;
        KeyForm form = new KeyForm(commonName, emails, chosen, validityDays, errors, null);
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return keyPage(form, model);
        }
        List<String> addresses = emails == null ? List.of() : Arrays.stream(emails.split("[,\\s]+"))
                .filter(e -> !e.isBlank()).toList();
        GeneratedKeyCertificate generated;
        try {
            generated = generatedKeys.issue(administrators.issuing(Callers.caller(request), chosen), name, addresses,
                    days);
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            String field = problem.type() == ProblemType.FORBIDDEN_NAME ? "emails" : field(problem);
            return keyPage(new KeyForm(commonName, emails, chosen, validityDays, Map.of(
                    field.equals("csr") ? "commonName" : field, problem.detail()), problem), model);
        }
        response.setStatus(201);
        model.addAttribute("issued", generated.certificate());
        model.addAttribute("pkcs12Base64", Base64.getMimeEncoder().encodeToString(generated.pkcs12()));
        model.addAttribute("password", generated.password());
        model.addAttribute("filename", name.replaceAll("[^A-Za-z0-9._-]", "_") + ".p12");
        return "ui/pkcs12-issued";
    }

    private String issuePage(IssueForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("profiles", issuable());
        return "ui/issue";
    }

    private String keyPage(KeyForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("profiles", issuable());
        return "ui/pkcs12";
    }

    /** The profiles an administrator may ask for here: not the restricted ones (administrators' own). */
    private List<String> issuable() {
        return profiles.all().stream().filter(p -> !p.restricted()).map(CertificateProfile::name).toList();
    }

    /** The field a refusal is about, so that the page shows it there. */
    private static String field(ConsoleProblem problem) {
        return switch (problem.type()) {
            case INVALID_VALIDITY -> "validityDays";
            case UNKNOWN_PROFILE, RESTRICTED_PROFILE -> "profile";
            default -> "csr";
        };
    }

    private static byte[] csrBytes(String pasted, MultipartFile file, Map<String, String> errors) throws IOException {
        if (file != null && !file.isEmpty()) {
            if (file.getSize() > MAX_CSR_BYTES) {
                errors.put("csr", "the file holds " + file.getSize() + " bytes; a CSR is at most " + MAX_CSR_BYTES);
                return new byte[0];
            }
            return file.getBytes();
        }
        if (pasted == null || pasted.isBlank()) {
            errors.put("csr", "paste a CSR (PEM) or choose a CSR file");
            return new byte[0];
        }
        if (pasted.length() > MAX_CSR_BYTES) {
            errors.put("csr", "the pasted text holds " + pasted.length() + " characters; a CSR is at most "
                    + MAX_CSR_BYTES);
            return new byte[0];
        }
        return pasted.strip().getBytes(StandardCharsets.US_ASCII);
    }
}
