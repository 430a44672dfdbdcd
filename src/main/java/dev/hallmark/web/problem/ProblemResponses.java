package dev.hallmark.web.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RFC 9457 answers written by servlet filters, for refusals that happen before a controller is reached. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

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
