package dev.hallmark.web.problem;

import dev.hallmark.web.est.EstErrors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that happen outside Spring MVC (in the servlet container or a filter) also answer as a
 * problem document (on EST paths in EST's plain-text form), without exception names or stack traces.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<?> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
        ProblemType type = ProblemType.forStatus(code);
        String detail = type == ProblemType.INTERNAL ? "an internal error occurred; it has been logged" : type.title();
        if (EstErrors.isEstPath((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))) {
            return EstErrors.response(code, detail);
        }
        return RestExceptionHandler.problem(type, detail, request);
    }
}
