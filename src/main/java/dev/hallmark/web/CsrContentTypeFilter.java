package dev.hallmark.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code curl --data-binary @req.csr} labels the body {@code application/x-www-form-urlencoded}.
 * A CSR is never a form, so on the issuing endpoints (REST and EST) such a body is read as a PKCS#10 request
 * (PEM or DER) instead of being parsed, and mangled, as form fields.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class CsrContentTypeFilter extends OncePerRequestFilter {

    static final String PKCS10 = "application/pkcs10";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if ("POST".equals(request.getMethod()) && type != null && type.startsWith("application/x-www-form-urlencoded")
                && (request.getRequestURI().startsWith("/api/v1/certificates")
                        || request.getRequestURI().startsWith("/.well-known/est/"))) {
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getContentType() {
                    return PKCS10;
                }

                @Override
                public String getHeader(String name) {
                    return "content-type".equalsIgnoreCase(name) ? PKCS10 : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    return "content-type".equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(PKCS10))
                            : super.getHeaders(name);
                }
            }, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
