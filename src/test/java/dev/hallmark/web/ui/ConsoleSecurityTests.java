package dev.hallmark.web.ui;

import static dev.hallmark.web.ui.ConsoleHttp.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/**
 * The console's security over real HTTPS with real client certificates, request by request: who gets a page, the
 * headers every page carries, CSRF refusals, roles on forged requests, and what an error page shows.
 */
class ConsoleSecurityTests extends ServiceTest {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Test
    void dashboardWhenNoClientCertificateThen401PageNamingTheCertificateAndNoData() {
        HallmarkClient c = client();
        ConsoleHttp.Page page = ConsoleHttp.get(c, c.anonymous(), "/ui/");
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("An administrator&#39;s client certificate is needed")
                .contains("Your browser presented no client certificate").contains("admin.p12")
                .doesNotContain("count-valid").doesNotContain("Hallmark Issuing CA");
        assertThat(ConsoleHttp.get(c, c.anonymous(), "/ui/certificates").status()).isEqualTo(401);
    }

    @Test
    void dashboardWhenPlainClientCertificateThen403PageAndNoData() {
        HallmarkClient c = client();
        HttpClient plain = ConsoleHttp.plainClient(c, "console-plain-client");
        ConsoleHttp.Page page = ConsoleHttp.get(c, plain, "/ui/");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("Your certificate does not allow this").contains("not an administrator")
                .doesNotContain("count-valid");
        String serial = ConsoleHttp.issueServer(c, "CN=console-plain-target", "console-plain-target.example");
        assertThat(ConsoleHttp.get(c, plain, "/ui/certificates/" + serial).status()).isEqualTo(403);
        assertThat(ConsoleHttp.get(c, plain, "/ui/certificates/" + serial + "/pem").body()).doesNotContain("BEGIN");
    }

    @Test
    void everyPageWhenAdministratorThenStrictSecurityHeaders() {
        HallmarkClient c = client();
        String serial = ConsoleHttp.issueServer(c, "CN=console-headers", "console-headers.example");
        for (String path : new String[] {"/ui/", "/ui/certificates", "/ui/certificates/" + serial,
            "/ui/certificates/" + serial + "/revoke", "/ui/acme", "/ui/no-such-page"}) {
            ConsoleHttp.Page page = ConsoleHttp.get(c, c.admin(), path);
            assertThat(page.status()).as(path).isEqualTo(path.endsWith("no-such-page") ? 404 : 200);
            var h = page.headers();
            assertThat(h.firstValue("Content-Security-Policy")).as(path).hasValue(CSP);
            assertThat(h.firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
            assertThat(h.firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(h.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(h.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            // the console's own script file is the only script; no inline script or style anywhere
            assertThat(page.body()).as(path).doesNotContainPattern("<script(?! src=\"/ui/assets/console\\.js\" defer>)")
                    .doesNotContain("style=").doesNotContain("<style");
        }
    }

    @Test
    void refusalPagesWhenAnonymousThenCarryTheSameHeaders() {
        ConsoleHttp.Page page = ConsoleHttp.get(client(), client().anonymous(), "/ui/");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void revokeWhenAdministratorPostsWithoutCsrfTokenThen403AndStillValid() {
        HallmarkClient c = client();
        String serial = ConsoleHttp.issueServer(c, "CN=console-csrf", "console-csrf.example");
        ConsoleHttp.Page refused = ConsoleHttp.post(c, c.admin(), "/ui/certificates/" + serial + "/revoke", null,
                form("reason", "keyCompromise"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("The form could not be verified").contains("Nothing was changed");
        assertThat(ConsoleHttp.apiStatus(c, serial)).isEqualTo("valid");

        // a token from another cookie does not count either
        ConsoleHttp.Page form = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial + "/revoke");
        ConsoleHttp.Page otherForm = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial + "/revoke");
        assertThat(ConsoleHttp.post(c, c.admin(), "/ui/certificates/" + serial + "/revoke", otherForm.csrfCookie(),
                form("_csrf", form.csrfField(), "reason", "keyCompromise")).status()).isEqualTo(403);
        assertThat(ConsoleHttp.apiStatus(c, serial)).isEqualTo("valid");
    }

    @Test
    void revokeWhenAuditorThenNoControlAnd403EvenWithValidCsrfTokenWhileAdminSucceeds() {
        HallmarkClient c = client();
        HttpClient auditor = ConsoleHttp.administrator(c, "AUDITOR");
        String serial = ConsoleHttp.issueServer(c, "CN=console-auditor-target", "console-auditor-target.example");

        ConsoleHttp.Page details = ConsoleHttp.get(c, auditor, "/ui/certificates/" + serial);
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.body()).contains("console-auditor-target").doesNotContain("/revoke").doesNotContain("Revoke");
        assertThat(ConsoleHttp.get(c, auditor, "/ui/certificates/" + serial + "/revoke").status()).isEqualTo(403);

        // a token an ADMIN's page handed out, with its cookie: valid for CSRF, so only the role refuses
        ConsoleHttp.Page adminForm = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial + "/revoke");
        var token = form("_csrf", adminForm.csrfField(), "reason", "keyCompromise");
        ConsoleHttp.Page forged = ConsoleHttp.post(c, auditor, "/ui/certificates/" + serial + "/revoke",
                adminForm.csrfCookie(), token);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("Your role AUDITOR does not permit POST /ui/certificates/" + serial + "/revoke");
        assertThat(ConsoleHttp.apiStatus(c, serial)).isEqualTo("valid");

        ConsoleHttp.Page revoked = ConsoleHttp.post(c, c.admin(), "/ui/certificates/" + serial + "/revoke",
                adminForm.csrfCookie(), token);
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(revoked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/ui/certificates/" + serial + "?revoked"));
        assertThat(ConsoleHttp.apiStatus(c, serial)).isEqualTo("revoked");
    }

    /** Every request authenticates anew by its certificate; that must not rotate (and so delete) the token. */
    @Test
    void revokeWhenThePageLoadedItsStylesheetFirstThenTheTokenStillCounts() {
        HallmarkClient c = client();
        String serial = ConsoleHttp.issueServer(c, "CN=console-stylesheet", "console-stylesheet.example");
        ConsoleHttp.Page form = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial + "/revoke");
        var css = HallmarkClient.send(c.admin(), java.net.http.HttpRequest.newBuilder(c.https("/ui/assets/console.css"))
                .header("Cookie", ConsoleHttp.CSRF_COOKIE + "=" + form.csrfCookie()).GET().build());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(ConsoleHttp.post(c, c.admin(), "/ui/certificates/" + serial + "/revoke", form.csrfCookie(),
                form("_csrf", form.csrfField(), "reason", "superseded")).status()).isEqualTo(302);
        assertThat(ConsoleHttp.apiStatus(c, serial)).isEqualTo("revoked");
    }

    @Test
    void revokeWhenAlreadyRevokedThen409WithTheApisProblemText() {
        HallmarkClient c = client();
        String serial = ConsoleHttp.issueServer(c, "CN=console-twice", "console-twice.example");
        ConsoleHttp.Page form = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial + "/revoke");
        var body = form("_csrf", form.csrfField(), "reason", "superseded");
        assertThat(ConsoleHttp.post(c, c.admin(), "/ui/certificates/" + serial + "/revoke", form.csrfCookie(), body)
                .status()).isEqualTo(302);
        ConsoleHttp.Page again = ConsoleHttp.post(c, c.admin(), "/ui/certificates/" + serial + "/revoke",
                form.csrfCookie(), body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("The certificate is already revoked")
                .contains("certificate " + serial + " was already revoked at");
    }

    @Test
    void revokeWhenUnknownReasonThen400NextToTheFieldAndStillValid() {
        HallmarkClient c = client();
        String serial = ConsoleHttp.issueServer(c, "CN=console-reason", "console-reason.example");
        ConsoleHttp.Page form = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial + "/revoke");
        ConsoleHttp.Page refused = ConsoleHttp.post(c, c.admin(), "/ui/certificates/" + serial + "/revoke",
                form.csrfCookie(), form("_csrf", form.csrfField(), "reason", "<bogus>"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown reason &#39;&lt;bogus&gt;&#39;").doesNotContain("<bogus>");
        assertThat(ConsoleHttp.apiStatus(c, serial)).isEqualTo("valid");
    }

    @Test
    void changesWhenTheRoleDoesNotAllowThemThen403WithAValidTokenAndNothingMade() {
        HallmarkClient c = client();
        HttpClient auditor = ConsoleHttp.administrator(c, "AUDITOR");
        HttpClient operator = ConsoleHttp.administrator(c, "OPERATOR");
        ConsoleHttp.Page adminForm = ConsoleHttp.get(c, c.admin(), "/ui/tokens");
        var token = adminForm.csrfField();
        String cookie = adminForm.csrfCookie();
        long tokensBefore = dev.hallmark.support.Json.parse(c.get(c.admin(), "/api/v1/enrollment-tokens",
                "application/json").body()).size();

        assertThat(ConsoleHttp.post(c, auditor, "/ui/tokens", cookie, form("_csrf", token, "profile", "device",
                "commonName", "auditor-token", "expiresIn", "PT1H")).status()).isEqualTo(403);
        assertThat(ConsoleHttp.post(c, auditor, "/ui/admins", cookie, form("_csrf", token, "name", "by-auditor",
                "role", "ADMIN")).status()).isEqualTo(403);
        assertThat(ConsoleHttp.post(c, operator, "/ui/admins", cookie, form("_csrf", token, "name", "by-operator",
                "role", "ADMIN")).status()).isEqualTo(403);
        assertThat(ConsoleHttp.post(c, auditor, "/ui/issue/pkcs12", cookie, form("_csrf", token, "commonName",
                "by-auditor", "profile", "client")).status()).isEqualTo(403);
        assertThat(ConsoleHttp.post(c, auditor, "/ui/acme/eab-keys", cookie, form("_csrf", token, "name",
                "eab-by-auditor")).status()).isEqualTo(403);
        assertThat(ConsoleHttp.get(c, auditor, "/ui/acme").body()).contains("Accounts")
                .doesNotContain("id=\"create-eab-key\"");
        assertThat(ConsoleHttp.get(c, auditor, "/ui/issue").status()).isEqualTo(403);
        assertThat(ConsoleHttp.get(c, operator, "/ui/admins").status()).isEqualTo(403);
        assertThat(ConsoleHttp.get(c, operator, "/ui/audit").status()).isEqualTo(403);
        assertThat(ConsoleHttp.get(c, auditor, "/ui/admins").status()).isEqualTo(200);
        assertThat(ConsoleHttp.get(c, auditor, "/ui/admins").body()).doesNotContain("Create administrator");

        assertThat(dev.hallmark.support.Json.parse(c.get(c.admin(), "/api/v1/enrollment-tokens", "application/json")
                .body()).size()).isEqualTo(tokensBefore);
        assertThat(c.get(c.admin(), "/api/v1/admins", "application/json").body()).doesNotContain("by-auditor")
                .doesNotContain("by-operator");
        assertThat(c.get(c.admin(), "/api/v1/acme/eab-keys", "application/json").body())
                .doesNotContain("eab-by-auditor");
    }

    @Test
    void previewWhenTheCsrPassesThenNothingIsIssued() {
        HallmarkClient c = client();
        ConsoleHttp.Page issueForm = ConsoleHttp.get(c, c.admin(), "/ui/issue");
        String csr = dev.hallmark.support.TestCsrs.csr().subject("CN=console-preview-only")
                .dns("console-preview-only.example").pem();
        String before = c.get(c.admin(), "/api/v1/certificates?q=console-preview-only", "application/json").body();
        ConsoleHttp.Page preview = ConsoleHttp.post(c, c.admin(), "/ui/issue/preview", issueForm.csrfCookie(),
                form("_csrf", issueForm.csrfField(), "csr", csr, "profile", "server", "validityDays", "30"));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("Issue this certificate?").contains("DNS:console-preview-only.example");
        assertThat(c.get(c.admin(), "/api/v1/certificates?q=console-preview-only", "application/json").body())
                .isEqualTo(before).contains("\"totalItems\":0");
    }

    @Test
    void pagesWhenBadInputThenErrorPagesWithoutStackTraces() {
        HallmarkClient c = client();
        ConsoleHttp.Page unknown = ConsoleHttp.get(c, c.admin(), "/ui/certificates/ABCDEF0123");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("no certificate with serial ABCDEF0123");
        ConsoleHttp.Page notHex = ConsoleHttp.get(c, c.admin(), "/ui/certificates/not-hex%3Cb%3E");
        assertThat(notHex.status()).isEqualTo(400);
        assertThat(notHex.body()).contains("is not a hexadecimal serial number").doesNotContain("<b>");
        ConsoleHttp.Page badSearch = ConsoleHttp.get(c, c.admin(),
                "/ui/certificates?status=bogus&expiresAfter=yesterday&page=-1&sort=id");
        assertThat(badSearch.status()).isEqualTo(400);
        assertThat(badSearch.body()).contains("status must be one of [valid, revoked, expired]")
                .contains("&#39;yesterday&#39; is not a date (YYYY-MM-DD)").contains("page must be a whole number")
                .contains("sort must be one of");
        ConsoleHttp.Page noPage = ConsoleHttp.get(c, c.admin(), "/ui/no-such-page");
        assertThat(noPage.status()).isEqualTo(404);
        assertThat(noPage.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        for (ConsoleHttp.Page page : new ConsoleHttp.Page[] {unknown, notHex, badSearch, noPage}) {
            assertThat(page.body()).doesNotContain("Exception").doesNotContain("at dev.hallmark")
                    .doesNotContain("springframework");
        }
    }

    @Test
    void downloadsWhenAdministratorThenTheStoredCertificate() {
        HallmarkClient c = client();
        String serial = ConsoleHttp.issueServer(c, "CN=console-download", "console-download.example");
        ConsoleHttp.Page pem = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial + "/pem");
        assertThat(pem.status()).isEqualTo(200);
        assertThat(pem.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + serial
                + ".pem\"");
        assertThat(pem.body()).isEqualTo(c.get(c.admin(), "/api/v1/certificates/" + serial, "application/x-pem-file")
                .body());
        var der = HallmarkClient.sendBytes(c.admin(), java.net.http.HttpRequest.newBuilder(
                c.https("/ui/certificates/" + serial + "/der")).GET().build());
        assertThat(der.statusCode()).isEqualTo(200);
        assertThat(der.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
        assertThat(java.util.Base64.getMimeEncoder().encodeToString(der.body()).replace("\r\n", ""))
                .isEqualTo(pem.body().replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
                        .replaceAll("\\s", ""));
    }

    @Test
    void detailsWhenSubjectHasHtmlCharactersThenEscaped() {
        HallmarkClient c = client();
        String serial = ConsoleHttp.issueServer(c, "CN=console-escape,O=<script>alert(1)</script> & co",
                "console-escape.example");
        ConsoleHttp.Page page = ConsoleHttp.get(c, c.admin(), "/ui/certificates/" + serial);
        assertThat(page.status()).isEqualTo(200);
        // RFC 2253 escapes < and > with a backslash; HTML escapes them again
        assertThat(page.body()).doesNotContain("<script>")
                .contains("O=\\&lt;script\\&gt;alert(1)\\&lt;/script\\&gt; &amp; co");
        ConsoleHttp.Page list = ConsoleHttp.get(c, c.admin(), "/ui/certificates?q=console-escape");
        assertThat(list.body()).doesNotContain("<script>").contains("O=\\&lt;script\\&gt;alert(1)");
    }
}
