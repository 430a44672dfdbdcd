package dev.hallmark.web.ui;

import dev.hallmark.admin.Role;
import dev.hallmark.security.HallmarkPrincipal;

/**
 * The administrator looking at a page, and what the pages may offer them. This only decides which controls are
 * shown; every request is checked again by the console's security chain and by the services, whatever was shown.
 */
public record Viewer(String name, Role role) {

    static Viewer of(HallmarkPrincipal principal) {
        return principal == null ? new Viewer("anonymous", null) : new Viewer(principal.name(), principal.role());
    }

    public boolean canIssue() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }

    public boolean canManageTokens() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }

    /** Create and revoke ACME external account binding keys, as {@code POST /api/v1/acme/eab-keys} allows. */
    public boolean canManageEabKeys() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }

    /** As {@code POST /api/v1/acme/accounts/{id}/deactivate} allows. */
    public boolean canDeactivateAcmeAccounts() {
        return role == Role.ADMIN;
    }

    public boolean canSeeAdministrators() {
        return role == Role.ADMIN || role == Role.AUDITOR;
    }

    public boolean canCreateAdministrators() {
        return role == Role.ADMIN;
    }

    public boolean canSeeAudit() {
        return role == Role.ADMIN || role == Role.AUDITOR;
    }

    /** Revoke certificates (the service still keeps administrators' and CA certificates for ADMINs). */
    public boolean canRevoke() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }
}
