package dev.hallmark.web.ui;

import dev.hallmark.web.ErrorForm;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's answers to requests it refuses before any page controller runs (no administrator certificate, a
 * role without the right, a form without its CSRF token) and to errors outside Spring MVC: a small HTML page that
 * says what happened and what to do, never an exception's text. Written without the template engine, so that it
 * works whatever failed.
 */
public final class ConsoleErrors {

    /** The console surface's error form, for its security chain to put on each request. */
    public static final ErrorForm FORM = (response, status, detail) -> write(response, status,
            status == 404 ? "Not found" : status >= 500 ? "Something went wrong" : "The request was refused", detail);

    private ConsoleErrors() {
    }

    /**
     * No credential the console takes: no client certificate, or one this CA does not accept. The page names the
     * certificate that is needed and, when one was presented, why it was refused.
     */
    public static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e, String refusal) throws IOException {
        write(response, 401, "An administrator's client certificate is needed",
                (refusal == null ? "Your browser presented no client certificate. "
                        : "The client certificate your browser presented was not accepted: " + refusal + ". ")
                        + "The console is for Hallmark administrators: import an administrator's PKCS#12 (the first"
                        + " one is data/bootstrap/admin.p12, its password in admin.p12.password) into the browser,"
                        + " trust data/bootstrap/root-ca.pem, and open this page again, choosing that certificate.");
    }

    /** A certificate without the role the page needs, or a state-changing request without a valid CSRF token. */
    public static void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e,
            String role) throws IOException {
        if (e instanceof CsrfException) {
            write(response, 403, "The form could not be verified",
                    "This request carried no valid CSRF token, so it may not have come from a console page. Nothing"
                            + " was changed. Open the page again from the console and submit the form from there.");
            return;
        }
        write(response, 403, "Your certificate does not allow this", role == null
                ? "The client certificate your browser presented is a certificate of this CA, but not an"
                        + " administrator's. The console needs an administrator's certificate (ADMIN, OPERATOR or"
                        + " AUDITOR); choose another certificate, or restart the browser to be asked again."
                : "Your role " + role + " does not permit " + request.getMethod() + " " + request.getRequestURI()
                        + ". Nothing was changed.");
    }

    static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        String page = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s · Hallmark CA</title>
                <link rel="icon" href="/ui/assets/favicon.svg" type="image/svg+xml">
                <link rel="stylesheet" href="/ui/assets/console.css">
                </head>
                <body>
                <header class="top"><a class="brand" href="/ui/">Hallmark CA</a></header>
                <main id="main" class="narrow">
                <h1>%1$s</h1>
                <p class="status">HTTP %2$d</p>
                <p>%3$s</p>
                <p><a href="/ui/">Back to the dashboard</a></p>
                </main>
                </body>
                </html>
                """.formatted(HtmlUtils.htmlEscape(title), status, HtmlUtils.htmlEscape(detail == null ? "" : detail));
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
