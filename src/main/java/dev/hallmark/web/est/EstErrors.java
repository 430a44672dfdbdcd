package dev.hallmark.web.est;

import dev.hallmark.web.ErrorForm;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * EST's own error form (RFC 7030 section 4.2.3): a status and a human-readable {@code text/plain}
 * body, so an EST client never gets RFC 9457 JSON. {@link #FORM} is how the EST surface answers
 * errors raised before the EST controller (an unknown operation, an unsupported method) or outside
 * Spring MVC.
 */
public final class EstErrors {

    static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    /** The EST surface's error form, for its security chain to put on each request. */
    public static final ErrorForm FORM = EstErrors::write;

    private EstErrors() {
    }

    /** For exception handlers and controllers. */
    public static ResponseEntity<byte[]> response(int status, String message) {
        return ResponseEntity.status(status).contentType(TEXT).body(body(message));
    }

    /** For answers written outside a controller. */
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
