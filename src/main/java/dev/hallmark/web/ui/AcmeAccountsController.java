package dev.hallmark.web.ui;

import dev.hallmark.acme.AcmeAccountSummary;
import dev.hallmark.acme.AcmeAccounts;
import dev.hallmark.acme.AcmeSettings;
import dev.hallmark.acme.EabKeyView;
import dev.hallmark.acme.ExternalAccountKeys;
import dev.hallmark.config.AcmeServerProperties;
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

/**
 * ACME for administrators: the accounts, deactivated after a confirmation, and external account binding keys (RFC 8555
 * section 7.3.4) — created with the HMAC key shown once beside certbot and lego commands that use it, revoked after a
 * confirmation — through the services behind {@code /api/v1/acme/accounts} and {@code /api/v1/acme/eab-keys}.
 */
@Controller
class AcmeAccountsController {

    /** As many as the API lists. */
    static final int LISTED = 1000;
    /** Lifetimes offered for a key, as the ISO-8601 durations the service takes; empty for never. */
    static final Map<String, String> LIFETIMES = lifetimes();

    private final ExternalAccountKeys keys;
    private final AcmeAccounts accounts;
    private final AcmeSettings settings;
    private final boolean enabled;

    AcmeAccountsController(ExternalAccountKeys keys, AcmeAccounts accounts, AcmeSettings settings,
            AcmeServerProperties properties) {
        this.keys = keys;
        this.accounts = accounts;
        this.settings = settings;
        this.enabled = properties.enabled();
    }

    /** The key form as submitted, and what was wrong with it, by field. */
    public record KeyForm(String name, List<String> profiles, String namePatterns, String expiresIn,
            Map<String, String> errors, ConsoleProblem problem) {
    }

    /** An ACME client's commands with the new key: certbot and lego, each trusting the root CA file. */
    public record Commands(String directory, String certbot, String lego) {
    }

    @GetMapping("/ui/acme")
    String page(Model model) {
        return page(new KeyForm("", List.of(), "", "P30D", Map.of(), null), model);
    }

    @PostMapping("/ui/acme/eab-keys")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) List<String> profiles,
            @RequestParam(required = false) String namePatterns, @RequestParam(required = false) String expiresIn,
            Model model, HttpServletRequest request, HttpServletResponse response) {
        List<String> chosen = profiles == null ? List.of() : profiles;
        List<String> patterns = namePatterns == null ? List.of() : Arrays.stream(namePatterns.split("[,\\s]+"))
                .filter(s -> !s.isBlank()).toList();
        ExternalAccountKeys.Created created;
        try {
            created = keys.create(Forms.blankToNull(name), chosen, patterns, Forms.blankToNull(expiresIn),
                    Callers.actor(request));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            // policy's refusals of a pattern do not name their field: the patterns are the only names checked
            return page(new KeyForm(name, chosen, namePatterns, expiresIn,
                    Map.of(ConsoleProblem.field(e).orElse("namePatterns"), problem.detail()), problem), model);
        }
        response.setStatus(201);
        model.addAttribute("key", created.key());
        model.addAttribute("hmacKey", created.hmacKey());
        model.addAttribute("commands", commands(created, request));
        return "ui/eab-key-created";
    }

    @GetMapping("/ui/acme/eab-keys/{keyId}/revoke")
    String confirmRevoke(@PathVariable String keyId, Model model) {
        return revokePage(keyId, model);
    }

    @PostMapping("/ui/acme/eab-keys/{keyId}/revoke")
    String revoke(@PathVariable String keyId, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        EabKeyView revoked;
        try {
            revoked = keys.revoke(keyId, Callers.actor(request));
        } catch (RuntimeException e) {
            refused(e, model, response);
            return revokePage(keyId, model);
        }
        return "redirect:/ui/acme?revoked=" + revoked.keyId();
    }

    @GetMapping("/ui/acme/accounts/{id}/deactivate")
    String confirmDeactivate(@PathVariable String id, Model model) {
        return deactivatePage(id, model);
    }

    @PostMapping("/ui/acme/accounts/{id}/deactivate")
    String deactivate(@PathVariable String id, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        AcmeAccountSummary deactivated;
        try {
            deactivated = accounts.deactivate(id, Callers.actor(request));
        } catch (RuntimeException e) {
            refused(e, model, response);
            return deactivatePage(id, model);
        }
        return "redirect:/ui/acme?deactivated=" + deactivated.id();
    }

    /** The confirmation repeats what will change: the key, or the account, as the list shows it. */
    private String revokePage(String keyId, Model model) {
        model.addAttribute("key", keys.get(keyId));
        return "ui/eab-key-revoke";
    }

    private String deactivatePage(String id, Model model) {
        model.addAttribute("account", accounts.get(id));
        return "ui/acme-account-deactivate";
    }

    private static void refused(RuntimeException e, Model model, HttpServletResponse response) {
        ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
        response.setStatus(problem.status());
        model.addAttribute("problem", problem);
    }

    private String page(KeyForm form, Model model) {
        List<EabKeyView> all = keys.list(LISTED);
        List<AcmeAccountSummary> listed = accounts.list(LISTED);
        model.addAttribute("form", form);
        model.addAttribute("enabled", enabled);
        model.addAttribute("externalAccountRequired", settings.externalAccountRequired());
        model.addAttribute("acmeProfiles", settings.profiles());
        model.addAttribute("lifetimes", LIFETIMES);
        model.addAttribute("eabKeys", all);
        model.addAttribute("accounts", listed);
        model.addAttribute("listed", LISTED);
        return "ui/acme";
    }

    /**
     * A name the key allows, for the example commands: its first exact name, or one below its first pattern.
     * Secrets are joined to their option with {@code =}: a base64url key may begin with {@code -}, which
     * certbot would otherwise read as the next option.
     */
    private Commands commands(ExternalAccountKeys.Created created, HttpServletRequest request) {
        EabKeyView k = created.key();
        String domain = k.namePatterns().stream().filter(p -> !p.contains("*")).findFirst()
                .orElse(k.namePatterns().stream().filter(p -> p.startsWith("*.")).findFirst()
                        .map(p -> "www" + p.substring(1)).orElse("www.example.com"));
        String directory = directory(request);
        String certbot = "REQUESTS_CA_BUNDLE=root-ca.pem certbot certonly --standalone --server "
                + TokensController.quote(directory) + " --eab-kid=" + TokensController.quote(k.keyId())
                + " --eab-hmac-key=" + TokensController.quote(created.hmacKey())
                + " --agree-tos --register-unsafely-without-email -d " + TokensController.quote(domain);
        String lego = "LEGO_CA_CERTIFICATES=root-ca.pem lego --server " + TokensController.quote(directory)
                + " --eab --kid=" + TokensController.quote(k.keyId()) + " --hmac="
                + TokensController.quote(created.hmacKey()) + " --accept-tos --email "
                + TokensController.quote("admin@" + domain) + " --domains "
                + TokensController.quote(domain) + " --http run";
        return new Commands(directory, certbot, lego);
    }

    /** The directory's URL as ACME clients reach it: {@code hallmark.acme.base-url}, or this request's origin. */
    private String directory(HttpServletRequest request) {
        if (settings.baseUrl() != null) {
            String base = settings.baseUrl().toString();
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/acme/directory";
        }
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        return "https://" + host + (port == 443 ? "" : ":" + port) + "/acme/directory";
    }

    private static Map<String, String> lifetimes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("P1D", "1 day");
        m.put("P7D", "7 days");
        m.put("P30D", "30 days");
        m.put("P365D", "365 days");
        m.put("", "never");
        return m;
    }
}
