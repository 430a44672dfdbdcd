package dev.hallmark.web.problem;

import dev.hallmark.issuance.IssuanceFailedException;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuingCaUnavailableException;
import dev.hallmark.cluster.DatabaseOutage;
import dev.hallmark.inventory.InvalidQueryException;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.revocation.RevocationException;
import dev.hallmark.web.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns the exceptions of the REST API's controllers ({@code dev.hallmark.web.rest}) into RFC 9457 problem
 * details. Only exceptions whose meaning is known become a 4xx, each with its own message; the database out of reach
 * is a 503 with {@code Retry-After} ({@link DatabaseOutage}); anything else is a bug or an outage: logged, and
 * answered 500 with a generic problem that carries nothing of the exception. The other
 * front ends map their own exceptions in their own form; requests no controller takes are answered by
 * {@code dev.hallmark.web.UnmappedRequestHandler}.
 */
@RestControllerAdvice(basePackages = "dev.hallmark.web.rest")
public class RestExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RestExceptionHandler.class);

    @ExceptionHandler(PolicyViolationException.class)
    ResponseEntity<ProblemDetail> policy(PolicyViolationException e, HttpServletRequest request) {
        return problem(ProblemType.valueOf(e.violation().name()), e.getMessage(), request);
    }

    @ExceptionHandler(IssuanceRefusedException.class)
    ResponseEntity<ProblemDetail> refused(IssuanceRefusedException e, HttpServletRequest request) {
        ProblemType type = switch (e.reason()) {
            case UNAUTHENTICATED -> ProblemType.UNAUTHENTICATED;
            case FORBIDDEN -> ProblemType.FORBIDDEN;
            case CONFLICT -> ProblemType.CONFLICT;
        };
        return problem(type, e.getMessage(), request);
    }

    @ExceptionHandler(IssuanceFailedException.class)
    ResponseEntity<ProblemDetail> failed(IssuanceFailedException e, HttpServletRequest request) {
        return problem(ProblemType.ISSUANCE_FAILED, e.getMessage(), request);
    }

    @ExceptionHandler(IssuingCaUnavailableException.class)
    ResponseEntity<ProblemDetail> issuingCa(IssuingCaUnavailableException e, HttpServletRequest request) {
        return problem(ProblemType.ISSUING_CA_UNAVAILABLE, e.getMessage(), request);
    }

    @ExceptionHandler(RevocationException.class)
    ResponseEntity<ProblemDetail> revocation(RevocationException e, HttpServletRequest request) {
        ProblemType type = switch (e.reason()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case ALREADY_REVOKED -> ProblemType.ALREADY_REVOKED;
            case INVALID -> ProblemType.INVALID_REQUEST;
            case FORBIDDEN -> ProblemType.FORBIDDEN;
            case LAST_ADMIN -> ProblemType.LAST_ADMIN;
            case BUSY -> ProblemType.CONFLICT;
        };
        return problem(type, e.getMessage(), request);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e, HttpServletRequest request) {
        return problem(e.type(), e.getMessage(), request);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return problem(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof PayloadTooLargeException tooLarge) {
            return tooLarge(tooLarge, request);
        }
        String detail = cause.getClass().getSimpleName().contains("UnrecognizedProperty")
                ? "unknown JSON field: " + unknownField(cause.getMessage())
                : "the request body could not be read as JSON of the expected form";
        return problem(ProblemType.INVALID_REQUEST, detail, request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        var error = e.getBindingResult().getFieldErrors().stream().findFirst();
        return problem(ProblemType.INVALID_REQUEST, error.map(f -> f.getField() + " " + f.getDefaultMessage())
                .orElse("the request is not valid"), request);
    }

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<ProblemDetail> invalidQuery(InvalidQueryException e, HttpServletRequest request) {
        return problem(ProblemType.INVALID_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e, HttpServletRequest request) {
        String detail = e instanceof MethodArgumentTypeMismatchException m
                ? "parameter '" + m.getName() + "' has an invalid value" : e.getMessage();
        return problem(ProblemType.INVALID_REQUEST, detail, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known) {
            return problem(ProblemType.forStatus(known.getStatusCode().value()), known.getBody().getDetail(), request);
        }
        if (DatabaseOutage.causes(e)) {
            log.warn("{} {}: the database cannot be reached: {}", request.getMethod(), request.getRequestURI(), e.toString());
            ResponseEntity<ProblemDetail> unavailable = problem(ProblemType.UNAVAILABLE, DatabaseOutage.DETAIL, request);
            return ResponseEntity.status(unavailable.getStatusCode()).headers(unavailable.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()))
                    .body(unavailable.getBody());
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(ProblemType.INTERNAL, "an internal error occurred; it has been logged", request);
    }

    public static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, HttpServletRequest request) {
        return ProblemResponses.entity(type, detail, request);
    }

    private static String unknownField(String message) {
        int start = message == null ? -1 : message.indexOf('"');
        int end = start < 0 ? -1 : message.indexOf('"', start + 1);
        return end > start ? message.substring(start + 1, end) : "(see the API specification)";
    }
}
