package dev.hallmark.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes the caller from the first credential that is accepted: each converter reads one kind of credential
 * from the request, in the order a surface prefers them, and the authentication manager checks it with that
 * credential's provider.
 *
 * <p>Unlike Spring's {@link AuthenticationFilter}, a refused credential does not end the request: the next kind is
 * tried, and without any accepted the request goes on anonymous, for the surface's rules to decide. A surface may
 * accept what the certificate check refuses: EST takes a manufacturer's certificate for a first enrollment, and REST
 * takes a bearer token from a device that also presents a certificate this CA does not accept (a manufacturer's, or
 * its own revoked one). The first refusal is kept on the request
 * ({@link #refusal}), so that a 401 can say why a credential was not accepted.
 */
public final class CredentialAuthenticationFilter extends OncePerRequestFilter {

    private static final String REFUSAL = CredentialAuthenticationFilter.class.getName() + ".refusal";

    private final AuthenticationManager authenticationManager;
    private final List<AuthenticationConverter> converters;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    CredentialAuthenticationFilter(AuthenticationManager authenticationManager, List<AuthenticationConverter> converters) {
        this.authenticationManager = authenticationManager;
        this.converters = List.copyOf(converters);
    }

    /** Why the credential presented with this request, if any, was refused. */
    public static Optional<String> refusal(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(REFUSAL));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (AuthenticationConverter converter : converters) {
            Authentication presented = converter.convert(request);
            if (presented == null) {
                continue;
            }
            try {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(authenticationManager.authenticate(presented));
                contexts.setContext(context);
                break;
            } catch (AuthenticationException e) {
                if (request.getAttribute(REFUSAL) == null) {
                    request.setAttribute(REFUSAL, e.getMessage());
                }
            }
        }
        chain.doFilter(request, response);
    }
}
