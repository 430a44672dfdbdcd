package dev.hallmark.web.ocsp;

import dev.hallmark.revocation.OcspAnswer;
import dev.hallmark.revocation.OcspResponder;
import dev.hallmark.web.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The OCSP front end (RFC 6960 appendix A): {@code POST /ocsp} with an
 * {@code application/ocsp-request} body and {@code GET /ocsp/{base64 of the DER request}}.
 *
 * <p>It is a filter that answers before Spring Security and Spring MVC, for two reasons. The GET
 * form puts base64 in the path, which may hold {@code /}, {@code +}, {@code =}, {@code //} and
 * their percent-encodings; Spring Security's firewall rightly rejects such paths everywhere else,
 * so this filter reads the raw request URI itself (the connectors pass {@code %2F} through, see
 * {@code WebServerConfiguration}). And OCSP is the hottest public path: a cached answer should cost
 * a map lookup and a write, not a trip through the MVC machinery. OCSP needs no authentication.
 *
 * <p>It runs after {@code RequestBodyLimitFilter}, so a body over the global limit fails while
 * being read and is refused here with an empty 413 (OCSP has no error form of its own for HTTP).
 * Every other failure is an OCSP error status in an HTTP 200, as OCSP clients expect; nothing here
 * answers 500. The security filter chains never see OCSP requests, on either port.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class OcspEndpointFilter extends OncePerRequestFilter {

    static final String PATH = "/ocsp";
    static final String RESPONSE_TYPE = "application/ocsp-response";

    private final OcspResponder responder;
    private final Clock clock;

    public OcspEndpointFilter(OcspResponder responder, Clock clock) {
        this.responder = responder;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !(uri.equals(PATH) || uri.startsWith(PATH + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        String method = request.getMethod();
        if ("POST".equals(method) && (uri.equals(PATH) || uri.equals(PATH + "/"))) {
            byte[] body;
            try {
                body = request.getInputStream().readAllBytes();
            } catch (PayloadTooLargeException e) {
                response.setStatus(413);
                response.setHeader("Connection", "close");
                return;
            }
            write(response, responder.respond(body), false, null);
            return;
        }
        if ("GET".equals(method) || "HEAD".equals(method)) {
            byte[] der = uri.length() > PATH.length() + 1 ? OcspGetRequests.decode(uri.substring(PATH.length() + 1))
                    : new byte[0];
            write(response, responder.respond(der), true, request.getHeader("If-None-Match"));
            return;
        }
        response.setStatus(405);
        response.setHeader("Allow", uri.equals(PATH) ? "POST" : "GET, HEAD");
    }

    private void write(HttpServletResponse response, OcspAnswer answer, boolean get, String ifNoneMatch)
            throws IOException {
        if (get && answer.cacheable()) {
            // RFC 5019 section 6.2: let caches keep a GET answer until its nextUpdate
            long maxAge = Math.max(0, Duration.between(clock.instant(), answer.nextUpdate()).toSeconds());
            response.setHeader("Cache-Control", "public, max-age=" + maxAge + ", no-transform, must-revalidate");
            response.setHeader("ETag", answer.etag());
            response.setDateHeader("Last-Modified", answer.thisUpdate().toEpochMilli());
            response.setDateHeader("Expires", answer.nextUpdate().toEpochMilli());
            if (answer.etag().equals(ifNoneMatch)) {
                response.setStatus(304);
                return;
            }
        } else {
            response.setHeader("Cache-Control", "no-store");
        }
        response.setStatus(200);
        response.setContentType(RESPONSE_TYPE);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
