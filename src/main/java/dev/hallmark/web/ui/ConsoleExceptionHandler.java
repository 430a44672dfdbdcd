package dev.hallmark.web.ui;

import dev.hallmark.web.Callers;
import dev.hallmark.web.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of the console's pages that the page did not show beside a field: an error page with the problem's title
 * and detail, as the API would word them. Anything unexpected is logged and shown as a generic error, never with
 * an exception's text or a stack trace.
 */
@ControllerAdvice(basePackages = "dev.hallmark.web.ui")
class ConsoleExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ConsoleExceptionHandler.class);

    @ExceptionHandler(ConsoleProblemException.class)
    ModelAndView problem(ConsoleProblemException e, HttpServletResponse response) {
        return page(e.problem(), response);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView badParameter(MethodArgumentTypeMismatchException e, HttpServletResponse response) {
        return page(ConsoleProblem.invalid("parameter '" + e.getName() + "' has an invalid value"), response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        if (e instanceof RuntimeException runtime) {
            var known = ConsoleProblem.of(runtime);
            if (known.isPresent()) {
                return page(known.get(), response);
            }
        }
        if (e instanceof ErrorResponse framework) {
            return page(new ConsoleProblem(ProblemType.forStatus(
                    framework.getStatusCode().value()), framework.getBody().getDetail()), response);
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return page(new ConsoleProblem(ProblemType.INTERNAL,
                "an internal error occurred; it has been logged"), response);
    }

    private static ModelAndView page(ConsoleProblem problem, HttpServletResponse response) {
        response.setStatus(problem.status());
        ModelAndView page = new ModelAndView("ui/error");
        page.addObject("problem", problem);
        // exception handlers get no @ModelAttribute values: the layout's header needs the viewer
        page.addObject("me", Viewer.of(Callers.principal()));
        return page;
    }
}
