package dev.hallmark.web.ui;

import dev.hallmark.admin.AdministratorCredential;
import dev.hallmark.admin.AdministratorService;
import dev.hallmark.admin.Role;
import dev.hallmark.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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

    private final AdministratorService administrators;

    AdministratorsController(AdministratorService administrators) {
        this.administrators = administrators;
    }

    /** The creation form as submitted. */
    public record AdminForm(String name, String role, String csr, ConsoleProblem problem) {
    }

    @GetMapping("/ui/admins")
    String list(Model model) {
        return page(new AdminForm("", "OPERATOR", "", null), model);
    }

    @PostMapping("/ui/admins")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String role,
            @RequestParam(required = false) String csr, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        AdminForm form = new AdminForm(name, role, csr, null);
        Role chosen;
        try {
            chosen = Role.valueOf(role == null ? "" : role);
        } catch (IllegalArgumentException e) {
            response.setStatus(400);
            return page(new AdminForm(name, role, csr, ConsoleProblem.invalid("role must be one of "
                    + List.of(Role.values()))), model);
        }
        String pem = Forms.blankToNull(csr);
        if (pem != null && pem.length() > IssueController.MAX_CSR_BYTES) {
            response.setStatus(400);
            return page(new AdminForm(name, role, "", ConsoleProblem.invalid("the CSR holds " + pem.length()
                    + " characters; a CSR is at most " + IssueController.MAX_CSR_BYTES)), model);
        }
        AdministratorCredential created;
        try {
            created = administrators.create(Forms.blankToNull(name), chosen,
                    pem == null ? null : pem.getBytes(StandardCharsets.US_ASCII), Callers.caller(request));
        } catch (RuntimeException e) {
            ConsoleProblem problem = ConsoleProblem.of(e).orElseThrow(() -> e);
            response.setStatus(problem.status());
            return page(new AdminForm(form.name(), form.role(), form.csr(), problem), model);
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
        model.addAttribute("roles", List.of(Role.values()));
        return "ui/admins";
    }
}
