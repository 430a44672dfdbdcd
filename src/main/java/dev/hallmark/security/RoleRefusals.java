package dev.hallmark.security;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Puts on the audit trail what an authenticated caller was refused before any service saw the request (its role
 * does not permit the path, or a console form came without its CSRF token): an OPERATOR's attempt to create an
 * administrator is an event an auditor must find, as is a refused revocation. Requests without a credential are
 * not recorded: anyone can send them, and they name no one.
 */
final class RoleRefusals {

    static final String ACTION = "access.denied";

    private final AuditLog audit;

    RoleRefusals(AuditLog audit) {
        this.audit = audit;
    }

    void record(HttpServletRequest request, String detail) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof HallmarkPrincipal caller) {
            audit.recordAlone(new Actor(caller.name(), request.getRemoteAddr()), ACTION,
                    request.getMethod() + " " + request.getRequestURI(), Outcome.REFUSED, detail);
        }
    }
}
