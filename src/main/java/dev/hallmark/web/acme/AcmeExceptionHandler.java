package dev.hallmark.web.acme;

import dev.hallmark.acme.AcmeException;
import dev.hallmark.acme.AcmeNonces;
import dev.hallmark.acme.AcmeProblem;
import dev.hallmark.cluster.DatabaseOutage;
import dev.hallmark.web.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** ACME's errors as RFC 8555 problem documents (section 6.7), each with a fresh nonce; internal detail is logged only. */
@RestControllerAdvice(assignableTypes = AcmeController.class)
class AcmeExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AcmeExceptionHandler.class);

    private final AcmeResponses responses;

    AcmeExceptionHandler(AcmeNonces nonces) {
        this.responses = new AcmeResponses(nonces);
    }

    @ExceptionHandler(AcmeException.class)
    void acme(AcmeException e, HttpServletResponse response) throws IOException {
        responses.problem(response, e.problem(), e.status(), e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    void tooLarge(PayloadTooLargeException e, HttpServletResponse response) throws IOException {
        responses.problem(response, AcmeProblem.malformed, 413, e.getMessage());
    }

    @ExceptionHandler(RuntimeException.class)
    void failure(RuntimeException e, HttpServletResponse response) throws IOException {
        if (DatabaseOutage.causes(e)) {
            log.warn("ACME request failed: the database cannot be reached: {}", e.toString());
            response.setHeader("Retry-After", Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
            responses.problem(response, AcmeProblem.serverInternal, 503, DatabaseOutage.DETAIL);
            return;
        }
        log.error("ACME request failed", e);
        responses.problem(response, AcmeProblem.serverInternal, 500, "the request failed inside the CA");
    }
}
