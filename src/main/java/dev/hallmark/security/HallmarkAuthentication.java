package dev.hallmark.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An established caller, with one authority: its administrator role ({@code ROLE_ADMIN}, {@code ROLE_OPERATOR},
 * {@code ROLE_AUDITOR}), {@code ROLE_ENROLLEE} for an enrollment token, or {@code ROLE_CERTIFICATE} for any other
 * certificate of this CA (which may renew itself).
 */
final class HallmarkAuthentication extends AbstractAuthenticationToken {

    static final String ENROLLEE = "ENROLLEE";
    static final String CERTIFICATE = "CERTIFICATE";

    private final HallmarkPrincipal principal;

    HallmarkAuthentication(HallmarkPrincipal principal) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + (principal.role() != null ? principal.role().name()
                : principal.bearerToken() != null ? ENROLLEE : CERTIFICATE))));
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public HallmarkPrincipal getPrincipal() {
        return principal;
    }
}
