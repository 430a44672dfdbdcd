package dev.hallmark.web.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 answers: as a response entity for exception handlers, or written directly by filters and entry points. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** For exception handlers; {@code instance} is the request's path. */
    public static ResponseEntity<ProblemDetail> entity(ProblemType type, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(type.status().value()), detail);
        body.setType(type.type());
        body.setTitle(type.title());
        body.setInstance(URI.create(request.getRequestURI()));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, type.status());
    }

    /** For refusals outside Spring MVC (security entry points, the error page). */
    public static void write(HttpServletResponse response, ProblemType type, String title, String detail)
            throws IOException {
        response.setStatus(type.status().value());
        response.setContentType("application/problem+json");
        byte[] body = ("{\"type\":\"" + type.type() + "\",\"title\":\"" + json(title) + "\",\"status\":"
                + type.status().value() + ",\"detail\":\"" + json(detail) + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    public static void write(HttpServletResponse response, ProblemType type, String detail) throws IOException {
        write(response, type, type.title(), detail);
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
