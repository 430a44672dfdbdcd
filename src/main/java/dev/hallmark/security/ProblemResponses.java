package dev.hallmark.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** RFC 9457 answers for refusals that happen before a controller is reached. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static void write(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"" + json(type) + "\",\"title\":\"" + json(title) + "\",\"status\":"
                + status + ",\"detail\":\"" + json(detail) + "\"}");
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
