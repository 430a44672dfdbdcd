package dev.hallmark.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ClientCertificate;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real browser: Debian's headless Chromium driven by Playwright, against the running service over
 * HTTPS, with administrators' client certificates. One browser for the class; each kind of visitor has a browser
 * context of its own (the bootstrap ADMIN, an AUDITOR, a plain client certificate, no certificate).
 *
 * <p>Playwright presents a context's client certificate through its own TLS client (Node.js, with
 * {@code NODE_EXTRA_CA_CERTS} set to the service's root CA), which verifies the service's certificate and does the
 * mutual-TLS handshake; Chromium talks to it through a local proxy. The context without a certificate talks to the
 * service directly and ignores that Chromium does not know the root: what it checks is what the console answers.
 *
 * <p>Every page visited is saved as a screenshot under {@code target/console-screenshots/}, checked with axe-core
 * (no critical violations) and watched for console errors and CSP violations (none).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTests extends ServiceTest {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final String CHROMIUM = "/usr/bin/chromium";

    private Playwright playwright;
    private Browser browser;
    private BrowserContext admin;
    private BrowserContext auditor;
    private BrowserContext plain;
    private BrowserContext anonymous;
    private Path work;

    @BeforeAll
    void launch() throws IOException {
        Tools.require("chromium");
        Tools.require("openssl");
        HallmarkClient c = client();
        work = Files.createDirectories(DATA_DIR.resolve("console-browser"));
        Files.createDirectories(SCREENSHOTS);
        Map<String, String> env = new HashMap<>();
        // the browser is Debian's, installed by apt; Playwright must not fetch one of its own
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        env.put("NODE_EXTRA_CA_CERTS", c.bootstrap("root-ca.pem").toString());
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of(CHROMIUM))
                .setHeadless(true));
        String origin = "https://localhost:" + httpsPort;
        admin = browser.newContext(options().setClientCertificates(List.of(new ClientCertificate(origin)
                .setCertPath(c.bootstrap("admin.crt")).setKeyPath(c.bootstrap("admin.key")))));
        auditor = browser.newContext(options().setClientCertificates(List.of(pkcs12(origin, "AUDITOR"))));
        plain = browser.newContext(options().setClientCertificates(List.of(plainCertificate(origin))));
        anonymous = browser.newContext(options().setIgnoreHTTPSErrors(true));
    }

    @AfterAll
    void close() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void dashboardWhenAdministratorThenCountsEqualTheApisAndChartsAndCrlsShown() throws Exception {
        HallmarkClient c = client();
        ConsoleHttp.issueServer(c, "CN=dashboard-today", "dashboard-today.example");
        Page page = admin.newPage();
        visit(page, "/ui/", 200, "dashboard");

        Instant soon = Instant.now().plus(Duration.ofDays(30));
        assertThat(number(page, "#count-valid")).isEqualTo(apiTotal("status=valid"));
        assertThat(number(page, "#count-revoked")).isEqualTo(apiTotal("status=revoked"));
        assertThat(number(page, "#count-expired")).isEqualTo(apiTotal("status=expired"));
        assertThat(number(page, "#count-expiring")).isEqualTo(apiTotal("status=valid&expiresBefore=" + soon));

        assertThat(page.locator("svg.bars").count()).isEqualTo(2);
        assertThat(number(page, ".chart:nth-of-type(2) .total span")).as("the expiry chart adds up to the count")
                .isEqualTo(number(page, "#count-expiring"));
        assertThat(page.locator("svg.bars").first().locator("rect").count()).isEqualTo(30);
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        String lastBar = page.locator("svg.bars").first().locator("rect").last().locator("title").textContent();
        assertThat(lastBar).startsWith(today + ": ");
        assertThat(Long.parseLong(lastBar.substring(lastBar.indexOf(": ") + 2))).isPositive();

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(
                new Revocations(c, work).fetch("/crl")));
        BigInteger number = ASN1Integer.getInstance(ASN1OctetString.getInstance(
                crl.getExtensionValue(Extension.cRLNumber.getId())).getOctets()).getValue();
        assertThat(page.locator("tr.crl .crl-number").first().textContent()).isEqualTo(number.toString());
        String rootExpiry = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC)
                .format(c.root().getNotAfter().toInstant());
        assertThat(page.locator("tr.ca").first().textContent()).contains("Root CA").contains(rootExpiry);
        assertThat(page.locator("tr.ocsp").textContent()).contains("OCSP responder");

        page.setViewportSize(390, 844);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard-phone.png")).setFullPage(true));
        assertThat(noHorizontalScroll(page)).as("the dashboard fits a phone's width").isTrue();
        page.close();
    }

    @Test
    void searchWhenTextTypedThenFindsTheCertificateAndSortsByColumn() {
        String name = "find-me-" + UUID.randomUUID().toString().substring(0, 8);
        String serial = ConsoleHttp.issueServer(client(), "CN=" + name, name + ".example");
        Page page = admin.newPage();
        visit(page, "/ui/certificates", 200, "certificates");
        page.getByLabel("Subject or name contains").fill(name);
        page.getByLabel("Status").selectOption("valid");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Search")).click();
        page.waitForURL(java.util.regex.Pattern.compile(".*/ui/certificates\\?.*q=.*"));
        assertThat(page.locator("#found").textContent()).isEqualTo("1 found");
        assertThat(page.locator("table.results tbody td.serial").allTextContents()).containsExactly(serial);
        screenshot(page, "certificates-search");
        checkPage(page, 200);

        page.locator("th", new Page.LocatorOptions().setHasText("Expires")).locator("a").click();
        page.waitForURL(java.util.regex.Pattern.compile(".*sort=notAfter(,|%2C)asc.*"));
        assertThat(page.locator("th", new Page.LocatorOptions().setHasText("Expires")).getAttribute("aria-sort"))
                .isEqualTo("ascending");
        assertThat(page.locator("table.results tbody td.serial").allTextContents()).containsExactly(serial);

        page.locator("a.subject").first().click();
        page.waitForURL("**/ui/certificates/" + serial);
        assertThat(page.locator("#serial").textContent()).isEqualTo(serial);
        page.close();
    }

    @Test
    void detailsWhenOpenedThenMatchOpensslX509OfTheDownloadedPem() throws IOException {
        String name = "details-" + UUID.randomUUID().toString().substring(0, 8);
        var issued = client().issue(client().admin(), TestCsrs.csr().subject("CN=" + name + ",O=Example & <Co>")
                .dns(name + ".example", "www." + name + ".example").ip("10.0.0.5").pem(), "profile=server");
        assertThat(issued.statusCode()).isEqualTo(201);
        String location = issued.headers().firstValue("Location").orElseThrow();
        String serial = location.substring(location.lastIndexOf('/') + 1);

        Page page = admin.newPage();
        visit(page, "/ui/certificates/" + serial, 200, "certificate-details");
        Download download = page.waitForDownload(() -> page.getByText("Download PEM").click());
        Path pem = work.resolve(name + ".pem");
        download.saveAs(pem);

        assertThat(page.locator("#serial").textContent()).isEqualTo(openssl(pem, "-serial").replace("serial=", ""));
        assertThat(page.locator("#sha256").textContent()).isEqualTo(openssl(pem, "-fingerprint", "-sha256")
                .replace("sha256 Fingerprint=", ""));
        assertThat(page.locator("#sha1").textContent()).isEqualTo(openssl(pem, "-fingerprint", "-sha1")
                .replace("sha1 Fingerprint=", ""));
        assertThat(page.locator("#subject").textContent()).isEqualTo(openssl(pem, "-subject", "-nameopt", "RFC2253")
                .replace("subject=", ""));
        assertThat(page.locator("#sans").textContent()).isEqualTo(openssl(pem, "-ext", "subjectAltName")
                .lines().skip(1).findFirst().orElseThrow().strip());
        String text = Tools.run(work, "openssl", "x509", "-in", pem.toString(), "-noout", "-text").assertSuccess().stdout();
        assertThat(text).contains("Serial Number:\n            " + page.locator("#serial-text").textContent() + "\n");
        DateTimeFormatter opensslDate = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT);
        String dates = openssl(pem, "-dates");
        assertThat(page.locator("#not-before").getAttribute("datetime")).isEqualTo(ZonedDateTime.parse(
                dates.lines().findFirst().orElseThrow().replace("notBefore=", ""), opensslDate.withZone(ZoneOffset.UTC))
                .toInstant().toString());
        assertThat(page.locator("#not-after").getAttribute("datetime")).isEqualTo(ZonedDateTime.parse(
                dates.lines().skip(1).findFirst().orElseThrow().replace("notAfter=", ""),
                opensslDate.withZone(ZoneOffset.UTC)).toInstant().toString());
        assertThat(page.locator("#key").textContent()).isEqualTo("EC P-256 (256 bit)");
        assertThat(text).contains("NIST CURVE: P-256");
        assertThat(page.locator("#requester").textContent()).isEqualTo("admin:admin");
        assertThat(page.locator("#profile").textContent()).isEqualTo("server");
        assertThat(page.locator("table.extensions").textContent()).contains("TLS Web Server Authentication")
                .contains("CA:FALSE").contains("OCSP - URI:");
        page.close();
    }

    @Test
    void revokeWhenConfirmedInTheBrowserThenOcspAnswersRevoked() {
        Revocations revocations = new Revocations(client(), work);
        Revocations.Issued leaf = revocations.issue("revoke-in-browser", "server", "revoke-in-browser.example");
        Page page = admin.newPage();
        visit(page, "/ui/certificates/" + leaf.serial(), 200, null);
        page.locator("#revoke").click();
        page.waitForURL("**/revoke");
        checkPage(page, 200);
        screenshot(page, "certificate-revoke");
        assertThat(page.locator("#confirm-serial").textContent()).isEqualTo(leaf.serial());
        assertThat(page.locator("#confirm-subject").textContent()).isEqualTo("CN=revoke-in-browser");
        page.getByLabel("Reason (RFC 5280)").selectOption("keyCompromise");
        page.locator("#confirm-revoke").click();
        page.waitForURL(java.util.regex.Pattern.compile(".*/ui/certificates/" + leaf.serial() + "\\?revoked$"));
        checkPage(page, 200);
        assertThat(page.locator("p.notice").textContent()).contains("The certificate has been revoked");
        assertThat(page.locator("#revocation-reason").textContent()).isEqualTo("keyCompromise");

        Tools.Result ocsp = Tools.run(revocations.dir(), "openssl", "ocsp", "-issuer", "issuing.pem", "-cert",
                leaf.certFile().toString(), "-url", client().http("/ocsp").toString(), "-CAfile", "root.pem",
                "-verify_other", "issuing.pem").assertSuccess();
        assertThat(ocsp.stderr()).contains("Response verify OK");
        assertThat(ocsp.stdout()).contains(": revoked").contains("Reason: keyCompromise");
        page.close();
    }

    @Test
    void auditorWhenViewingACertificateThenNoRevokeControlAndTheRevokePageIsRefused() {
        String serial = ConsoleHttp.issueServer(client(), "CN=auditor-view", "auditor-view.example");
        Page page = auditor.newPage();
        visit(page, "/ui/", 200, "dashboard-auditor");
        visit(page, "/ui/certificates/" + serial, 200, "certificate-auditor");
        assertThat(page.locator("#revoke").count()).isZero();
        assertThat(page.getByText("Revoke").count()).isZero();
        assertThat(page.locator(".me .role").textContent()).isEqualTo("AUDITOR");
        visit(page, "/ui/certificates/" + serial + "/revoke", 403, "refused-auditor-revoke");
        assertThat(page.locator("h1").textContent()).isEqualTo("Your certificate does not allow this");
        assertThat(ConsoleHttp.apiStatus(client(), serial)).isEqualTo("valid");
        page.close();
    }

    @Test
    void consoleWhenNoCertificateOrAPlainClientCertificateThenRefusalPagesWithoutData() {
        Page none = anonymous.newPage();
        visit(none, "/ui/", 401, "refused-no-certificate");
        assertThat(none.locator("h1").textContent()).isEqualTo("An administrator's client certificate is needed");
        assertThat(none.locator("main").textContent()).contains("admin.p12");
        assertThat(none.locator("#count-valid").count()).isZero();
        none.close();

        Page client = plain.newPage();
        visit(client, "/ui/certificates", 403, "refused-plain-certificate");
        assertThat(client.locator("main").textContent()).contains("not an administrator");
        assertThat(client.locator("table").count()).isZero();
        client.close();
    }

    @Test
    void subjectWhenItHoldsHtmlThenShownAsTextAndNothingRuns() {
        String subject = "CN=html-subject,O=<img src=x onerror=alert(1)><script>alert(2)</script>";
        String serial = ConsoleHttp.issueServer(client(), subject, "html-subject.example");
        Page page = admin.newPage();
        List<String> dialogs = new ArrayList<>();
        page.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        visit(page, "/ui/certificates/" + serial, 200, "certificate-html-subject");
        Path pem = work.resolve("html-subject.pem");
        writePem(serial, pem);
        assertThat(page.locator("#subject").textContent()).contains("<script").isEqualTo(openssl(pem, "-subject",
                "-nameopt", "RFC2253").replace("subject=", ""));
        assertThat(page.locator("main img").count()).isZero();
        assertThat(page.locator("main script").count()).isZero();
        visit(page, "/ui/certificates?q=html-subject", 200, null);
        assertThat(page.locator("main img").count()).isZero();
        assertThat(dialogs).isEmpty();
        page.close();
    }

    @Test
    void cspWhenAnInlineScriptIsInjectedThenTheBrowserRefusesAndReportsIt() {
        Page page = admin.newPage();
        List<String> errors = watch(page);
        visit(page, "/ui/", 200, null);
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                + " document.body.appendChild(s); }");
        page.waitForTimeout(200);
        assertThat(page.evaluate("() => window.injected === undefined")).isEqualTo(true);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("Content Security Policy"));
        page.close();
    }

    @Test
    void csrfWhenAnotherSitePostsTheRevokeFormThenRefusedAndNothingChanges() {
        String serial = ConsoleHttp.issueServer(client(), "CN=cross-site-target", "cross-site-target.example");
        Page page = admin.newPage();
        visit(page, "/ui/certificates/" + serial + "/revoke", 200, null);
        // a page of another origin that posts the form to the console: the browser sends the client certificate,
        // but neither the SameSite cookie nor a token
        page.setContent("<form method='post' action='https://localhost:" + httpsPort + "/ui/certificates/" + serial
                + "/revoke'><input name='reason' value='keyCompromise'><button id='go'>go</button></form>");
        page.waitForNavigation(() -> page.locator("#go").click());
        assertThat(page.locator("h1").textContent()).isEqualTo("The form could not be verified");
        screenshot(page, "refused-csrf");
        assertThat(ConsoleHttp.apiStatus(client(), serial)).isEqualTo("valid");
        page.close();
    }

    // --- helpers

    private Browser.NewContextOptions options() {
        return new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true);
    }

    private Response visit(Page page, String path, int status, String screenshot) {
        List<String> errors = watch(page);
        Response response = page.navigate("https://localhost:" + httpsPort + path);
        assertThat(response.status()).as(path).isEqualTo(status);
        if (screenshot != null) {
            screenshot(page, screenshot);
        }
        checkPage(page, status);
        // the refusal itself is logged as a failed resource; nothing else may be
        assertThat(errors).as("console errors on " + path).allSatisfy(e -> assertThat(e)
                .startsWith("Failed to load resource: the server responded with a status of " + status));
        return response;
    }

    /** axe-core on the page as it is now: no critical violations. */
    private static void checkPage(Page page, int status) {
        List<Rule> critical = new AxeBuilder(page).analyze().getViolations().stream()
                .filter(r -> "critical".equals(r.getImpact())).toList();
        assertThat(critical).as(() -> page.url() + ": " + critical.stream().map(r -> r.getId() + " " + r.getHelp())
                .toList()).isEmpty();
    }

    private static List<String> watch(Page page) {
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });
        page.onPageError(errors::add);
        return errors;
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private static boolean noHorizontalScroll(Page page) {
        return (Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth");
    }

    private static long number(Page page, String selector) {
        return Long.parseLong(page.locator(selector).textContent().strip());
    }

    private long apiTotal(String query) {
        var response = client().get(client().admin(), "/api/v1/certificates?size=1&" + query, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).get("totalItems").asLong();
    }

    private void writePem(String serial, Path file) {
        try {
            Files.writeString(file, client().get(client().admin(), "/api/v1/certificates/" + serial,
                    "application/x-pem-file").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String openssl(Path pem, String... options) {
        List<String> command = new ArrayList<>(List.of("openssl", "x509", "-in", pem.toString(), "-noout"));
        command.addAll(List.of(options));
        return Tools.run(work, command.toArray(String[]::new)).assertSuccess().stdout().strip();
    }

    /** A new administrator of the role, as a PKCS#12 with the chain (its root is what Playwright trusts then). */
    private ClientCertificate pkcs12(String origin, String role) {
        HallmarkClient c = client();
        var response = c.postJson(c.admin(), "/api/v1/admins", "{\"name\":\"browser-" + role.toLowerCase(Locale.ROOT)
                + "-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"" + role + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = Json.parse(response.body());
        return write(origin, Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText(), role.toLowerCase(Locale.ROOT));
    }

    private ClientCertificate plainCertificate(String origin) {
        HallmarkClient c = client();
        TestCsrs csr = TestCsrs.csr().subject("CN=browser-plain-client");
        var issued = c.issue(c.admin(), csr.pem(), "profile=client");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return write(origin, dev.hallmark.support.Pkcs12s.of(csr.keys(), issued.body()),
                new String(dev.hallmark.support.Pkcs12s.PASSWORD), "plain");
    }

    private ClientCertificate write(String origin, byte[] pkcs12, String password, String name) {
        try {
            Path file = work.resolve(name + ".p12");
            Files.write(file, pkcs12);
            return new ClientCertificate(origin).setPfxPath(file).setPassphrase(password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
