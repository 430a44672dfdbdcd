package dev.hallmark.web;

import dev.hallmark.cluster.DatabaseOutage;
import dev.hallmark.web.problem.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: errors raised outside Spring MVC (in a filter, by Spring Security's
 * firewall, by an exception no front end mapped) are answered in the form of the surface that took the request,
 * with the status and a generic detail: never an exception name, message or stack trace. The exception itself has
 * been logged where it was raised. The database out of reach is a 503 with {@code Retry-After}, as in the front ends.
 */
@RestController
public class ErrorPageController implements ErrorController {

    static final String INTERNAL = "an internal error occurred; it has been logged";

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        String detail = status >= 500 ? INTERNAL : ProblemType.forStatus(status).title();
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseOutage.causes(failure)) {
            // raised in a filter (an administrator's certificate looked up by the security chain, say)
            status = 503;
            detail = DatabaseOutage.DETAIL;
            response.setHeader("Retry-After", Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
        }
        ErrorForm.of(request).write(response, status, detail);
    }
}
