package dev.hallmark.web;

import dev.hallmark.web.problem.ProblemResponses;
import dev.hallmark.web.problem.ProblemType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * How a surface answers an error that none of its controllers answered: a request no controller of it takes
 * ({@link UnmappedRequestHandler}) or an error the servlet container forwards to {@code /error}
 * ({@link ErrorPageController}). Each front end owns its form (EST: {@code text/plain}); the security chain of its
 * surface puts the form on the request ({@link ErrorFormFilter}), so that nothing shared has to tell surfaces apart
 * by path. A request of no such surface is answered as an RFC 9457 problem.
 */
@FunctionalInterface
public interface ErrorForm {

    /** RFC 9457 problem details, of the generic problem type for the status. */
    ErrorForm PROBLEM = (response, status, detail) -> ProblemResponses.write(response, ProblemType.forStatus(status),
            detail);

    /**
     * Writes the answer.
     *
     * @param detail what went wrong, for a person; never internal detail such as exception messages
     */
    void write(HttpServletResponse response, int status, String detail) throws IOException;

    /** The form of the surface that took the request, or {@link #PROBLEM}. */
    static ErrorForm of(ServletRequest request) {
        return request.getAttribute(ErrorFormFilter.ATTRIBUTE) instanceof ErrorForm form ? form : PROBLEM;
    }
}
