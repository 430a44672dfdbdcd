package dev.hallmark.web.problem;

import dev.hallmark.issuance.IssuanceFailedException;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuingCaUnavailableException;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.revocation.CrlUnavailableException;
import dev.hallmark.revocation.RevocationException;
import dev.hallmark.web.est.EstErrors;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns exceptions into RFC 9457 problem details at the edge of the REST API. Internal detail is
 * logged, never sent: an unexpected exception answers a generic problem with no stack trace.
 * It applies everywhere (also to errors raised before a controller is chosen, such as 415);
 * protocol front ends (EST, OCSP) answer in their own form through advices of higher precedence.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
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

    @ExceptionHandler(CrlUnavailableException.class)
    ResponseEntity<ProblemDetail> crlUnavailable(CrlUnavailableException e, HttpServletRequest request) {
        log.error("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e.getCause());
        ResponseEntity<ProblemDetail> problem = problem(ProblemType.CRL_UNAVAILABLE,
                "the CRL could not be signed; try again shortly", request);
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "60").body(problem.getBody());
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

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
        IllegalArgumentException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e, HttpServletRequest request) {
        String detail = e instanceof MethodArgumentTypeMismatchException m
                ? "parameter '" + m.getName() + "' has an invalid value" : e.getMessage();
        return problem(ProblemType.INVALID_REQUEST, detail, request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupported(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "content type " + e.getContentType()
                + " is not accepted here; use one of " + e.getSupportedMediaTypes(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(ProblemType.NOT_ACCEPTABLE, "acceptable types are " + e.getSupportedMediaTypes(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(ProblemType.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here", request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<?> noResource(NoResourceFoundException e, HttpServletRequest request) {
        String detail = "no resource at " + request.getRequestURI();
        if (EstErrors.isEstPath(request.getRequestURI())) {
            return EstErrors.response(404, detail); // an unknown EST operation: no EST controller, EST's form anyway
        }
        return problem(ProblemType.NOT_FOUND, detail, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known) {
            return problem(ProblemType.forStatus(known.getStatusCode().value()), known.getBody().getDetail(), request);
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(ProblemType.INTERNAL, "an internal error occurred; it has been logged", request);
    }

    public static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(type.status().value()), detail);
        body.setType(type.type());
        body.setTitle(type.title());
        body.setInstance(URI.create(request.getRequestURI()));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, type.status());
    }

    private static String unknownField(String message) {
        int start = message == null ? -1 : message.indexOf('"');
        int end = start < 0 ? -1 : message.indexOf('"', start + 1);
        return end > start ? message.substring(start + 1, end) : "(see the API specification)";
    }
}
