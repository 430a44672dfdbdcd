package dev.hallmark.web.ui;

import dev.hallmark.admin.AdministratorCredential;
import dev.hallmark.admin.AdministratorService;
import dev.hallmark.admin.Role;
import dev.hallmark.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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

/**
 * Administrators: listed for ADMINs and AUDITORs, created by ADMINs (from the administrator's own CSR, or with a
 * key generated here and handed out once as PKCS#12). Revoking one is revoking its certificate, on the certificate's
 * page, where the last active ADMIN's refusal is shown.
 */
@Controller
class AdministratorsController {

    private static final List<String> ROLES = Arrays.stream(Role.values()).map(Role::name).toList();

    private final AdministratorService administrators;

    AdministratorsController(AdministratorService administrators) {
        this.administrators = administrators;
    }

    /** The creation form as submitted, and what was wrong with it, by field. */
    public record AdminForm(String name, String role, String csr, Map<String, String> errors,
            ConsoleProblem problem) {
    }

    @GetMapping("/ui/admins")
    String list(Model model) {
        return page(new AdminForm("", "OPERATOR", "", Map.of(), null), model);
    }

    @PostMapping("/ui/admins")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String role,
            @RequestParam(required = false) String csr, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        // the checks the API's request body makes before the service, in its words
        Map<String, String> errors = new LinkedHashMap<>();
        String chosenName = Forms.blankToNull(name);
        if (chosenName == null) {
            errors.put("name", "name must not be blank");
        }
        String givenRole = Forms.blankToNull(role);
        if (givenRole == null) {
            errors.put("role", "role must not be null");
        }
        String chosenRole = Forms.oneOf(givenRole, ROLES, "role", errors);
        String pem = Forms.blankToNull(csr);
        if (pem != null && pem.length() > IssueController.MAX_CSR_BYTES) {
            errors.put("csr", "the CSR holds " + pem.length() + " characters; a CSR is at most "
                    + IssueController.MAX_CSR_BYTES);
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            // an oversized CSR is not sent back to the browser
            return page(new AdminForm(name, role, errors.containsKey("csr") ? "" : csr, errors, null), model);
        }
        AdministratorCredential created;
        try {
            created = administrators.create(chosenName, Role.valueOf(chosenRole),
                    pem == null ? null : pem.getBytes(StandardCharsets.US_ASCII), Callers.caller(request));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            return page(new AdminForm(name, role, csr, problem.besideField(e), problem), model);
        }
        response.setStatus(201);
        model.addAttribute("created", created);
        if (created.pkcs12Base64() != null) {
            model.addAttribute("pkcs12Base64", Base64.getMimeEncoder().encodeToString(
                    Base64.getDecoder().decode(created.pkcs12Base64())));
            model.addAttribute("filename", created.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".p12");
        }
        return "ui/admin-created";
    }

    private String page(AdminForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("administrators", administrators.list());
        model.addAttribute("roles", ROLES);
        return "ui/admins";
    }
}
