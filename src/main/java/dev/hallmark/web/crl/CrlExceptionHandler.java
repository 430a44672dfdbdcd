package dev.hallmark.web.crl;

import dev.hallmark.revocation.CrlUnavailableException;
import dev.hallmark.web.problem.ProblemResponses;
import dev.hallmark.web.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The CRL endpoints' errors, as RFC 9457 problems: a relying party that cannot get a valid CRL is told to come
 * back ({@code 503} with {@code Retry-After}); an error Spring MVC raised keeps its status; anything else is
 * logged and answered 500 without its detail.
 */
@RestControllerAdvice(basePackageClasses = CrlExceptionHandler.class)
public class CrlExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CrlExceptionHandler.class);

    @ExceptionHandler(CrlUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(CrlUnavailableException e, HttpServletRequest request) {
        log.error("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e.getCause());
        ResponseEntity<ProblemDetail> problem = ProblemResponses.entity(ProblemType.CRL_UNAVAILABLE,
                "the CRL could not be signed; try again shortly", request);
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "60").body(problem.getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known) {
            return ProblemResponses.entity(ProblemType.forStatus(known.getStatusCode().value()),
                    known.getBody().getDetail(), request);
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ProblemResponses.entity(ProblemType.INTERNAL, "an internal error occurred; it has been logged", request);
    }
}
