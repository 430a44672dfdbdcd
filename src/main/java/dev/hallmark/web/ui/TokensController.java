package dev.hallmark.web.ui;

import dev.hallmark.enrollment.CreatedEnrollmentToken;
import dev.hallmark.enrollment.EnrollmentTokenService;
import dev.hallmark.enrollment.EnrollmentTokenView;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** One-time enrollment tokens: create (the secret shown once, with commands a device can run), list, revoke. */
@Controller
class TokensController {

    /** Lifetimes offered, as ISO-8601 durations the service takes; the service allows at most 30 days. */
    static final Map<String, String> LIFETIMES = lifetimes();

    private final EnrollmentTokenService tokens;
    private final ProfileCatalog profiles;

    TokensController(EnrollmentTokenService tokens, ProfileCatalog profiles) {
        this.tokens = tokens;
        this.profiles = profiles;
    }

    /** The creation form as submitted, and what was wrong with it, by field. */
    public record TokenForm(String profile, String commonName, String sans, String expiresIn,
            Map<String, String> errors, ConsoleProblem problem) {

        static TokenForm empty() {
            return new TokenForm("device", "", "", "PT1H", Map.of(), null);
        }
    }

    /** What a device runs with the new token: REST with a bearer token, or EST with HTTP Basic. */
    public record Commands(String csr, String rest, String estCsr, String est) {
    }

    @GetMapping("/ui/tokens")
    String list(Model model) {
        return page(TokenForm.empty(), model);
    }

    @PostMapping("/ui/tokens")
    String create(@RequestParam(required = false) String profile, @RequestParam(required = false) String commonName,
            @RequestParam(required = false) String sans, @RequestParam(required = false) String expiresIn, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        List<String> names = sans == null ? List.of() : Arrays.stream(sans.split("[,\\s]+"))
                .filter(s -> !s.isBlank()).toList();
        CreatedEnrollmentToken created;
        try {
            created = tokens.create(profile, Forms.blankToNull(commonName), names, Forms.blankToNull(expiresIn),
                    Callers.actor(request));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            return page(new TokenForm(profile, commonName, sans, expiresIn, problem.besideField(e), problem), model);
        }
        response.setStatus(201);
        model.addAttribute("token", created.view());
        model.addAttribute("secret", created.token());
        model.addAttribute("commands", commands(created, request));
        return "ui/token-created";
    }

    @PostMapping("/ui/tokens/{id}/revoke")
    String revoke(@PathVariable String id, Model model, HttpServletRequest request, HttpServletResponse response) {
        try {
            tokens.revoke(id, Callers.actor(request));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            model.addAttribute("revokeProblem", problem);
            return page(TokenForm.empty(), model);
        }
        return "redirect:/ui/tokens?revoked=" + id;
    }

    private String page(TokenForm form, Model model) {
        List<EnrollmentTokenView> all = tokens.list();
        model.addAttribute("form", form);
        model.addAttribute("tokens", all.size() > 200 ? all.subList(0, 200) : all);
        model.addAttribute("total", all.size());
        model.addAttribute("profiles", profiles.all().stream().filter(p -> !p.restricted())
                .map(CertificateProfile::name).toList());
        model.addAttribute("lifetimes", LIFETIMES);
        return "ui/tokens";
    }

    /**
     * Commands for a device with only openssl and curl. The CSR asks for the token's names when they are exact;
     * a pattern ({@code *.example.com}) becomes a placeholder the device fills in.
     */
    private Commands commands(CreatedEnrollmentToken created, HttpServletRequest request) {
        EnrollmentTokenView t = created.view();
        String base = "https://" + request.getServerName() + ":" + request.getServerPort();
        String cn = t.commonName() == null || t.commonName().contains("*") ? "device.example" : t.commonName();
        List<String> exact = t.sans().stream().filter(s -> !s.contains("*")).toList();
        String subject = "-subj " + quote("/CN=" + cn)
                + (exact.isEmpty() ? "" : " -addext " + quote("subjectAltName=" + String.join(",", exact.stream()
                        .map(s -> (s.matches("[0-9.]+|.*:.*") ? "IP:" : "DNS:") + s).toList())));
        String key = "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout device.key " + subject;
        String rest = "curl --cacert root-ca.pem -H " + quote("Authorization: Bearer " + created.token())
                + " --data-binary @device.csr " + quote(base + "/api/v1/certificates?profile=" + t.profile())
                + " -o device.pem";
        String est = "curl --cacert root-ca.pem -u " + quote(t.id() + ":" + created.token())
                + " -H 'Content-Type: application/pkcs10' -H 'Content-Transfer-Encoding: base64'"
                + " --data-binary @device.b64 " + quote(base + "/.well-known/est/" + t.profile() + "/simpleenroll")
                + " | openssl base64 -d | openssl pkcs7 -inform DER -print_certs -out device.pem";
        return new Commands(key + " -out device.csr", rest, key + " -outform DER | openssl base64 > device.b64", est);
    }

    /** A single-quoted shell word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Map<String, String> lifetimes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("PT15M", "15 minutes");
        m.put("PT1H", "1 hour");
        m.put("PT24H", "1 day");
        m.put("P7D", "7 days");
        m.put("P30D", "30 days");
        return m;
    }
}
