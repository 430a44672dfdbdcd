package dev.hallmark.web.acme;

import dev.hallmark.acme.AcmeNonces;
import dev.hallmark.acme.AcmeProblem;
import dev.hallmark.cluster.DatabaseOutage;
import dev.hallmark.web.ErrorForm;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * How ACME answers: JSON resources and RFC 8555 problem documents, written straight to the response (no
 * content negotiation can turn an ACME error into something else), each with a fresh {@code Replay-Nonce}
 * (RFC 8555 section 6.5). As the ACME surface's {@link ErrorForm} it also answers what no ACME handler took.
 */
public final class AcmeResponses implements ErrorForm {

    static final String REPLAY_NONCE = "Replay-Nonce";
    static final String PROBLEM_JSON = "application/problem+json";

    private final AcmeNonces nonces;

    public AcmeResponses(AcmeNonces nonces) {
        this.nonces = nonces;
    }

    /** The error form: a status from outside an ACME handler (404, 405, 413, 415, 500) as the nearest ACME type. */
    @Override
    public void write(HttpServletResponse response, int status, String detail) throws IOException {
        problem(response, status >= 500 ? AcmeProblem.serverInternal : AcmeProblem.malformed, status, detail);
    }

    void problem(HttpServletResponse response, AcmeProblem problem, int status, String detail) throws IOException {
        ObjectNode body = JwsVerifier.JSON.createObjectNode();
        body.put("type", problem.type());
        body.put("detail", detail);
        body.put("status", status);
        if (problem == AcmeProblem.badSignatureAlgorithm) {
            // RFC 8555 section 6.7: the algorithms the server accepts
            var algorithms = body.putArray("algorithms");
            JwsVerifier.ALGORITHMS.forEach(algorithms::add);
        }
        // nonces live in the database: none while it is out of reach (RFC 8555 section 6.5 asks for one
        // in an error answer only as a SHOULD), and no second wait for a connection to learn that again
        if (!DatabaseOutage.DETAIL.equals(detail)) {
            try {
                nonce(response);
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causes(e)) {
                    throw e;
                }
            }
        }
        body(response, status, PROBLEM_JSON, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    void json(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        write(response, status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    void write(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        nonce(response);
        body(response, status, contentType, body);
    }

    private static void body(HttpServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A fresh nonce, unless the answer has one already. */
    void nonce(HttpServletResponse response) {
        if (!response.containsHeader(REPLAY_NONCE)) {
            response.setHeader(REPLAY_NONCE, nonces.issue());
        }
    }

    static void link(HttpServletResponse response, String url, String relation) {
        response.addHeader("Link", "<" + url + ">;rel=\"" + relation + "\"");
    }

    static List<String> strings(tools.jackson.databind.JsonNode array) {
        return array.values().stream().map(v -> v.isString() ? v.stringValue() : null).toList();
    }
}
