package dev.hallmark.web.est;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * EST's own error form (RFC 7030 section 4.2.3): a status and a human-readable {@code text/plain}
 * body. Also for errors answered before a request reaches the EST controller (a body over the size
 * limit, an unknown operation), so an EST client never gets RFC 9457 JSON.
 */
public final class EstErrors {

    static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final String PATH = "/.well-known/est/";

    private EstErrors() {
    }

    /** Whether a request path belongs to EST. */
    public static boolean isEstPath(String requestUri) {
        return requestUri != null && requestUri.startsWith(PATH);
    }

    /** For exception handlers and controllers. */
    public static ResponseEntity<byte[]> response(int status, String message) {
        return ResponseEntity.status(status).contentType(TEXT).body(body(message));
    }

    /** For filters, which answer before Spring MVC. */
    public static void write(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = body(message);
        response.setStatus(status);
        response.setContentType(TEXT.toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static byte[] body(String message) {
        return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
