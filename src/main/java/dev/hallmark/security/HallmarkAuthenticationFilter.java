package dev.hallmark.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes the caller from the TLS client certificate (checked by {@link ClientCertificateAuthenticator})
 * or, failing that, from an {@code Authorization: Bearer} enrollment token, which issuance checks and spends.
 */
final class HallmarkAuthenticationFilter extends OncePerRequestFilter {

    static final String REFUSAL = HallmarkAuthenticationFilter.class.getName() + ".refusal";
    static final String ENROLLEE = "ROLE_ENROLLEE";
    static final String CERTIFICATE = "ROLE_CERTIFICATE";

    private final ClientCertificateAuthenticator certificates;

    HallmarkAuthenticationFilter(ClientCertificateAuthenticator certificates) {
        this.certificates = certificates;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        X509Certificate[] presented = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        HallmarkPrincipal principal = null;
        if (presented != null && presented.length > 0) {
            ClientCertificateAuthenticator.Result result = certificates.authenticate(presented[0]);
            principal = result.principal();
            if (principal == null) {
                request.setAttribute(REFUSAL, result.refusal());
            }
        }
        String authorization = request.getHeader("Authorization");
        if (principal == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = new HallmarkPrincipal("token", null, null, authorization.substring(7).strip());
        }
        if (principal != null) {
            SecurityContextHolder.getContext().setAuthentication(new Authenticated(principal));
        }
        chain.doFilter(request, response);
    }

    /** An established caller with its role as a granted authority. */
    static final class Authenticated extends AbstractAuthenticationToken {

        private final HallmarkPrincipal principal;

        Authenticated(HallmarkPrincipal principal) {
            super(List.of(new SimpleGrantedAuthority(principal.role() != null ? "ROLE_" + principal.role()
                    : principal.bearerToken() != null ? ENROLLEE : CERTIFICATE)));
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
}
