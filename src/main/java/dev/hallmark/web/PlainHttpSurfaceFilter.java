package dev.hallmark.web;

import dev.hallmark.web.problem.ProblemResponses;
import dev.hallmark.web.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The plain-HTTP port serves only what relying parties fetch without TLS: CA certificates, CRLs
 * and OCSP. Everything else answers 404 there, as if it did not exist.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PlainHttpSurfaceFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.isSecure() || isPublic(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        ProblemResponses.write(response, ProblemType.NOT_FOUND,
                "only CA certificates, CRLs and OCSP are served over plain HTTP; use HTTPS");
    }

    static boolean isPublic(String path) {
        return path.startsWith("/ca/") || path.equals("/crl") || path.equals("/crl.pem") || path.startsWith("/crl/")
                || path.equals("/ocsp") || path.startsWith("/ocsp/");
    }
}
