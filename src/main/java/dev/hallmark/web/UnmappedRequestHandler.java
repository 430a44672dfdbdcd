package dev.hallmark.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Requests that no controller takes: no mapping for the path, the method, the content type or the Accept header.
 * Spring MVC raises these before it has chosen a controller, so the advices of the front ends, each scoped to its
 * own controllers, never see them; they are answered here in the {@link ErrorForm} of the surface that took the
 * request, with a detail the client can act on. First among the advices, so that the answer is the same whether
 * Spring raised it before or after choosing a controller (a 406 may come from either).
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnmappedRequestHandler {

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorForm.of(request).write(response, 404, "no resource at " + request.getRequestURI());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    void method(HttpRequestMethodNotSupportedException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        answer(e, e.getMethod() + " is not supported here", request, response);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    void unsupported(HttpMediaTypeNotSupportedException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        answer(e, "content type " + e.getContentType() + " is not accepted here; use one of "
                + e.getSupportedMediaTypes(), request, response);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        answer(e, "acceptable types are " + e.getSupportedMediaTypes(), request, response);
    }

    /** With the headers the status calls for: Allow on 405 (RFC 9110 section 15.5.6), Accept on 415. */
    private static void answer(ErrorResponse e, String detail, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        e.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        ErrorForm.of(request).write(response, e.getStatusCode().value(), detail);
    }
}
