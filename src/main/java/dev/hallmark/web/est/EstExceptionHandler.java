package dev.hallmark.web.est;

import dev.hallmark.cluster.DatabaseOutage;
import dev.hallmark.issuance.IssuanceFailedException;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuingCaUnavailableException;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.web.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The EST controller's errors in EST's own form (RFC 7030 section 4.2.3): an HTTP status with a
 * human-readable {@code text/plain} body, never RFC 9457 JSON. 401 carries {@code WWW-Authenticate: Basic}.
 * An error Spring MVC raised keeps its status; anything else is logged and answered 500 without its detail.
 */
@RestControllerAdvice(basePackageClasses = EstExceptionHandler.class)
public class EstExceptionHandler {

    static final String REALM = "Basic realm=\"hallmark-est\"";
    private static final Logger log = LoggerFactory.getLogger(EstExceptionHandler.class);

    @ExceptionHandler(EstChallenge.class)
    ResponseEntity<byte[]> challenge(EstChallenge e) {
        // An empty body: an EST client closes the challenge unread and asks again with credentials.
        return ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, REALM).body(new byte[0]);
    }

    @ExceptionHandler(EstException.class)
    ResponseEntity<byte[]> est(EstException e) {
        return text(e.status(), e.getMessage());
    }

    @ExceptionHandler(PolicyViolationException.class)
    ResponseEntity<byte[]> policy(PolicyViolationException e) {
        int status = switch (e.violation()) {
            case OUT_OF_BOUNDS, RESTRICTED_PROFILE -> 403;
            default -> 400;
        };
        return text(status, e.getMessage());
    }

    @ExceptionHandler(IssuanceRefusedException.class)
    ResponseEntity<byte[]> refused(IssuanceRefusedException e) {
        return switch (e.reason()) {
            case UNAUTHENTICATED -> ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, REALM)
                    .contentType(EstErrors.TEXT).body(EstErrors.body(e.getMessage()));
            case FORBIDDEN -> text(403, e.getMessage());
            case CONFLICT -> text(409, e.getMessage());
        };
    }

    @ExceptionHandler(IssuanceFailedException.class)
    ResponseEntity<byte[]> failed(IssuanceFailedException e) {
        return text(500, e.getMessage());
    }

    /** 503 as in REST: the service, not the request, is at fault; the text names the reason. */
    @ExceptionHandler(IssuingCaUnavailableException.class)
    ResponseEntity<byte[]> issuingCa(IssuingCaUnavailableException e) {
        return text(503, e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<byte[]> tooLarge(PayloadTooLargeException e) {
        return text(413, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known) {
            return text(known.getStatusCode().value(), known.getBody().getDetail());
        }
        if (DatabaseOutage.causes(e)) {
            log.warn("{} {}: the database cannot be reached: {}", request.getMethod(), request.getRequestURI(), e.toString());
            ResponseEntity<byte[]> unavailable = text(503, DatabaseOutage.DETAIL);
            return ResponseEntity.status(503).headers(unavailable.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()))
                    .body(unavailable.getBody());
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return text(500, "an internal error occurred; it has been logged");
    }

    private static ResponseEntity<byte[]> text(int status, String message) {
        return EstErrors.response(status, message);
    }
}
