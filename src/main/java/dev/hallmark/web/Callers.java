package dev.hallmark.web;

import dev.hallmark.admin.Caller;
import dev.hallmark.audit.Actor;
import dev.hallmark.security.HallmarkPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated caller of the current request, for issuance and audit: the same for every front end. */
public final class Callers {

    private Callers() {
    }

    public static HallmarkPrincipal principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof HallmarkPrincipal p ? p : null;
    }

    public static Actor actor(HttpServletRequest request) {
        HallmarkPrincipal principal = principal();
        return new Actor(principal == null ? "anonymous" : principal.name(), request.getRemoteAddr());
    }

    /** The caller with its administrator role (null when it has none), for the services that decide on it. */
    public static Caller caller(HttpServletRequest request) {
        HallmarkPrincipal principal = principal();
        return new Caller(actor(request), principal == null ? null : principal.role());
    }
}
