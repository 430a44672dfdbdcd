package dev.hallmark.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks a request with the {@link ErrorForm} of the surface whose security chain took it. Part of that surface's
 * chain, not a servlet filter of its own: the chain's matcher is the one place that knows which paths are the
 * surface's. The mark stays on the request through a forward to {@code /error}.
 */
public final class ErrorFormFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = ErrorForm.class.getName();

    private final ErrorForm form;

    public ErrorFormFilter(ErrorForm form) {
        this.form = form;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ATTRIBUTE, form);
        chain.doFilter(request, response);
    }
}
