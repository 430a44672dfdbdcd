package dev.hallmark.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.hallmark.support.AcmeTestClient;
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
import java.net.http.HttpClient;
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
import java.util.LinkedHashMap;
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
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
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


    @Test
    void issueWhenACsrIsPastedThenPreviewedThenConfirmedAndTheChainVerifies() throws IOException {
        String name = "pasted-" + UUID.randomUUID().toString().substring(0, 8);
        Tools.run(work, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-subj", "/CN=" + name + ".example", "-addext",
                "subjectAltName=DNS:" + name + ".example", "-out", name + ".csr").assertSuccess();
        Page page = admin.newPage();
        visit(page, "/ui/issue", 200, "issue");
        page.getByLabel("CSR (PEM)").fill(Files.readString(work.resolve(name + ".csr")));
        page.locator("#profile").selectOption("server");
        page.locator("#validityDays").fill("30");
        submitted(page, "#preview", 200, "issue-preview");
        assertThat(page.locator("#preview-subject").textContent()).isEqualTo("CN=" + name + ".example");
        assertThat(page.locator("#preview-sans").textContent()).isEqualTo("DNS:" + name + ".example");
        assertThat(page.locator("#preview-key").textContent()).isEqualTo("EC P-256");
        assertThat(page.locator("#preview-not-after").textContent())
                .startsWith(java.time.LocalDate.now(ZoneOffset.UTC).plusDays(30).toString());
        assertThat(apiTotal("q=" + name)).as("a preview issues nothing").isZero();

        submitted(page, "#confirm-issue", 201, "issued");
        String serial = page.locator("#issued-serial").textContent();
        Download download = page.waitForDownload(() -> page.locator("#download-chain").click());
        Path chain = work.resolve(name + "-chain.pem");
        download.saveAs(chain);
        Tools.Result verify = Tools.run(work, "openssl", "verify", "-x509_strict", "-CAfile",
                client().bootstrap("root-ca.pem").toString(), "-untrusted", chain.toString(), chain.toString());
        assertThat(verify.assertSuccess().stdout()).contains(": OK");
        assertThat(openssl(chain, "-serial")).isEqualTo("serial=" + serial);
        var view = Json.parse(client().get(client().admin(), "/api/v1/certificates/" + serial, "application/json").body());
        assertThat(view.get("requester").asText()).isEqualTo("admin:admin");
        assertThat(view.get("profile").asText()).isEqualTo("server");
        page.close();
    }

    @Test
    void issueWhenAFileIsUploadedThenPreviewedAndWhenTheCsrAsksForACaThenRefusedBesideTheField() throws IOException {
        String name = "uploaded-" + UUID.randomUUID().toString().substring(0, 8);
        Tools.run(work, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-subj", "/CN=" + name, "-outform", "DER", "-out", name + ".der").assertSuccess();
        Page page = admin.newPage();
        visit(page, "/ui/issue", 200, null);
        page.setInputFiles("#csrFile", work.resolve(name + ".der"));
        page.locator("#profile").selectOption("device");
        submitted(page, "#preview", 200, null);
        assertThat(page.locator("#preview-subject").textContent()).isEqualTo("CN=" + name);
        assertThat(page.locator("#preview-profile").textContent()).isEqualTo("device");

        String ca = TestCsrs.pem(TestCsrs.csr().subject("CN=wants-to-be-a-ca").dns("wants-to-be-a-ca.example")
                .extension(Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true)).build());
        visit(page, "/ui/issue", 200, null);
        page.getByLabel("CSR (PEM)").fill(ca);
        submitted(page, "#preview", 400, "issue-refused");
        assertThat(page.locator("#problem .problem-title").textContent()).isEqualTo("The CSR asks for a CA certificate");
        assertThat(page.locator("#csr").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#csr-error").textContent()).isNotBlank();
        assertThat(apiTotal("q=wants-to-be-a-ca")).isZero();
        page.close();
    }

    @Test
    void pkcs12WhenGeneratedForAPersonThenTheShownPasswordOpensTheDownloadedFile() {
        String name = "Alice " + UUID.randomUUID().toString().substring(0, 6);
        Page page = admin.newPage();
        visit(page, "/ui/issue/pkcs12", 200, "pkcs12");
        page.getByLabel("Name (common name)").fill(name);
        page.getByLabel("E-mail addresses (optional, separated by commas)").fill("alice@example.com");
        page.locator("#profile").selectOption("client");
        submitted(page, "#generate", 201, "pkcs12-issued");
        String password = page.locator("#password").textContent();
        assertThat(password).hasSizeGreaterThan(20);
        Download download = page.waitForDownload(() -> page.locator("#download-pkcs12").click());
        Path p12 = work.resolve("alice.p12");
        download.saveAs(p12);
        Tools.Result opened = Tools.run(work, "openssl", "pkcs12", "-in", p12.toString(), "-passin", "pass:" + password,
                "-nokeys", "-clcerts").assertSuccess();
        assertThat(opened.stdout()).contains("CN = " + name);
        assertThat(Tools.run(work, "openssl", "pkcs12", "-in", p12.toString(), "-passin", "pass:wrong", "-nokeys")
                .exitCode()).isNotZero();
        String serial = page.locator("#issued-serial").textContent();
        visit(page, "/ui/certificates/" + serial, 200, null);
        assertThat(page.locator("#sans").textContent()).isEqualTo("email:alice@example.com");
        assertThat(page.locator("#profile").textContent()).isEqualTo("client");
        page.close();
    }

    @Test
    void tokenWhenCreatedThenTheShownCommandsEnrollOnceAndAnotherTokenIsRevoked() throws IOException {
        String cn = "pump-" + UUID.randomUUID().toString().substring(0, 6) + ".fleet.example";
        Files.copy(client().bootstrap("root-ca.pem"), work.resolve("root-ca.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Page page = admin.newPage();
        visit(page, "/ui/tokens", 200, "tokens");
        page.locator("#profile").selectOption("device");
        page.locator("#commonName").fill(cn);
        page.getByLabel("Expires in").selectOption("PT1H");
        submitted(page, "#create-token", 201, "token-created");
        String id = page.locator("#token-id").textContent();
        assertThat(page.locator("#token-secret").textContent()).startsWith(id + ".");

        Path device = Files.createDirectories(work.resolve("device-" + id));
        Files.copy(work.resolve("root-ca.pem"), device.resolve("root-ca.pem"));
        String script = page.locator("#command-csr").textContent() + "\n" + page.locator("#command-rest").textContent();
        dev.hallmark.support.Shell.run(device, script).assertSuccess();
        assertThat(Tools.run(device, "openssl", "x509", "-in", "device.pem", "-noout", "-subject", "-nameopt",
                "RFC2253").assertSuccess().stdout()).contains("CN=" + cn);
        Tools.Result again = dev.hallmark.support.Shell.run(device, "rm device.pem\n" + page.locator("#command-rest")
                .textContent());
        assertThat(Files.readString(device.resolve("device.pem"))).as("a token is spent once")
                .contains("urn:hallmark:problem").doesNotContain("BEGIN CERTIFICATE");

        visit(page, "/ui/tokens", 200, null);
        assertThat(page.locator("#token-" + id + " .token-state").textContent()).isEqualTo("used");
        assertThat(page.locator("#token-" + id + " a").textContent()).isNotBlank();

        // EST with a second token, through the EST command shown
        page.locator("#profile").selectOption("device");
        page.locator("#commonName").fill("est-" + cn);
        submitted(page, "#create-token", 201, null);
        Path est = Files.createDirectories(work.resolve("est-" + page.locator("#token-id").textContent()));
        Files.copy(work.resolve("root-ca.pem"), est.resolve("root-ca.pem"));
        dev.hallmark.support.Shell.run(est, page.locator("#command-est-csr").textContent() + "\n"
                + page.locator("#command-est").textContent()).assertSuccess();
        assertThat(Tools.run(est, "openssl", "x509", "-in", "device.pem", "-noout", "-subject", "-nameopt",
                "RFC2253").assertSuccess().stdout()).contains("CN=est-" + cn);

        // a third, revoked from the list
        visit(page, "/ui/tokens", 200, null);
        page.locator("#commonName").fill("unused-" + cn);
        submitted(page, "#create-token", 201, null);
        String unused = page.locator("#token-id").textContent();
        visit(page, "/ui/tokens", 200, null);
        submitted(page, "#token-" + unused + " button", 200, null);
        assertThat(page.locator("#token-" + unused + " .token-state").textContent()).isEqualTo("revoked");
        assertThat(again.exitCode()).isZero();
        page.close();
    }

    @Test
    void administratorsWhenAnOperatorIsCreatedThenListedAndItsPkcs12OpensWithTheShownPassword() {
        String name = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        Page page = admin.newPage();
        visit(page, "/ui/admins", 200, "admins");
        page.getByLabel("Name (letters, digits, spaces, . _ @ -)").fill(name);
        page.getByLabel("Role").selectOption("OPERATOR");
        submitted(page, "#create-admin", 201, "admin-created");
        assertThat(page.locator("#created-role").textContent()).isEqualTo("OPERATOR");
        String password = page.locator("#password").textContent();
        Download download = page.waitForDownload(() -> page.locator("#download-pkcs12").click());
        Path p12 = work.resolve(name + ".p12");
        download.saveAs(p12);
        assertThat(Tools.run(work, "openssl", "pkcs12", "-in", p12.toString(), "-passin", "pass:" + password,
                "-nokeys", "-clcerts").assertSuccess().stdout()).contains("CN = " + name);

        visit(page, "/ui/admins", 200, null);
        assertThat(page.locator("table.admins tbody tr", new Page.LocatorOptions().setHasText(name)).textContent())
                .contains("OPERATOR").contains("valid");
        page.getByLabel("Name (letters, digits, spaces, . _ @ -)").fill(name);
        submitted(page, "#create-admin", 409, "admin-refused");
        assertThat(page.locator("#problem .problem-detail").textContent())
                .contains("an active administrator named '" + name + "' exists");
        var api = client().postJson(client().admin(), "/api/v1/admins", "{\"name\":\"" + name
                + "\",\"role\":\"OPERATOR\"}");
        assertThat(api.statusCode()).isEqualTo(409);
        assertThat(page.locator("#name-error").textContent()).as("the API's problem text, beside the field")
                .isEqualTo(Json.parse(api.body()).get("detail").asText());
        assertThat(page.locator("#name").getAttribute("aria-invalid")).isEqualTo("true");

        Page auditorPage = auditor.newPage();
        visit(auditorPage, "/ui/admins", 200, "admins-auditor");
        assertThat(auditorPage.locator("#create-admin").count()).isZero();
        assertThat(auditorPage.getByText("Revoke…").count()).isZero();
        assertThat(auditorPage.locator("nav").textContent()).doesNotContain("Issue").doesNotContain("Enrollment tokens");
        auditorPage.close();
        page.close();
    }

    @Test
    void administratorsWhenTheNameOrTheCsrIsRefusedThenTheApisProblemTextIsBesideThatFieldAndNoneIsMade() {
        String name = "csr-owner-" + UUID.randomUUID().toString().substring(0, 8);
        Page page = admin.newPage();
        visit(page, "/ui/admins", 200, null);
        assertAdministratorRefusedBeside(page, "name", "", "AUDITOR", "", null);
        assertAdministratorRefusedBeside(page, "name", "<b>" + name, "OPERATOR", "", "admins-refused-name");
        assertAdministratorRefusedBeside(page, "csr", name, "AUDITOR", TestCsrs.csr().subject("CN=mallory-" + name)
                .pem(), "admins-refused-csr");
        assertThat(page.locator("#csr").inputValue()).as("the CSR is kept for correcting").contains("BEGIN");
        assertThat(client().get(client().admin(), "/api/v1/admins", "application/json").body()).doesNotContain(name);
        page.close();
    }

    @Test
    void auditWhenFilteredByActionThenTheRevocationIsListedAndLinksToItsCertificate() {
        String serial = ConsoleHttp.issueServer(client(), "CN=audited-revoke", "audited-revoke.example");
        new Revocations(client(), work).revoke(serial, "superseded");
        Page page = auditor.newPage();
        visit(page, "/ui/audit", 200, "audit");
        page.getByLabel("Action").fill("certificate.revoke");
        page.getByLabel("Actor (such as admin:admin, token:id)").fill("admin:admin");
        submitted(page, "button[type=submit]", 200, "audit-filtered");
        var row = page.locator("table.audit tbody tr", new Page.LocatorOptions().setHasText(serial));
        assertThat(row.locator(".action").textContent()).isEqualTo("certificate.revoke");
        assertThat(row.textContent()).contains("reason=superseded").contains("SUCCESS");
        assertThat(page.locator("table.audit tbody .action").allTextContents()).containsOnly("certificate.revoke");
        row.locator(".target a").click();
        page.waitForURL("**/ui/certificates/" + serial);
        assertThat(page.locator("#revocation-reason").textContent()).isEqualTo("superseded");
        page.close();
    }

    @Test
    void acmeWhenAnEabKeyIsCreatedThenTheShownCertbotCommandRegistersWithItAndTheAccountIsListedBound()
            throws IOException {
        Tools.require("certbot");
        String name = "console-eab-" + UUID.randomUUID().toString().substring(0, 8);
        Page page = admin.newPage();
        visit(page, "/ui/acme", 200, "acme");
        page.getByLabel("Name (who it is for)").fill(name);
        page.getByLabel("server", new Page.GetByLabelOptions().setExact(true)).check();
        page.locator("#namePatterns").fill("bad_pattern..");
        submitted(page, "#create-eab-key", 400, "acme-refused");
        var api = client().postJson(client().admin(), "/api/v1/acme/eab-keys",
                "{\"name\":\"" + name + "\",\"namePatterns\":[\"bad_pattern..\"]}");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(page.locator("#namePatterns-error").textContent()).as("the API's problem text, beside the field")
                .isEqualTo(Json.parse(api.body()).get("detail").asText());
        assertThat(page.locator("#namePatterns").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#name").inputValue()).isEqualTo(name);

        page.locator("#namePatterns").fill("*." + name + ".example");
        page.getByLabel("Must be used within").selectOption("P7D");
        submitted(page, "#create-eab-key", 201, "eab-key-created");
        String kid = page.locator("#eab-kid").textContent();
        String hmac = page.locator("#eab-hmac").textContent();
        String certbot = page.locator("#command-certbot").textContent();
        assertThat(certbot).as("joined with '=': a key may begin with '-'").contains("--eab-kid='" + kid + "'")
                .contains("--eab-hmac-key='" + hmac + "'").contains("-d 'www." + name + ".example'")
                .contains("'" + page.locator("#acme-directory").textContent() + "'");
        assertThat(page.locator("#command-lego").textContent()).contains("--kid='" + kid + "'")
                .contains("--hmac='" + hmac + "'");

        // the shown command, registering only: issuing would need this host to answer http-01 on port 80
        Path dir = Files.createDirectories(work.resolve("certbot-" + kid));
        Files.copy(client().bootstrap("root-ca.pem"), dir.resolve("root-ca.pem"));
        String register = certbot.replace(" certonly --standalone ", " register --non-interactive --config-dir config"
                + " --work-dir work --logs-dir logs ").replaceAll(" -d '[^']*'$", "");
        assertThat(register).isNotEqualTo(certbot).doesNotContain("-d '");
        Tools.run(dir, "bash", "-c", register).assertSuccess();

        visit(page, "/ui/acme", 200, null);
        String account = page.locator("#eab-" + kid + " .bound a").textContent();
        assertThat(page.locator("#account-" + account + " .eab").textContent()).isEqualTo(kid);
        assertThat(page.locator("#account-" + account + " .account-status").textContent()).isEqualTo("valid");
        assertThat(page.locator("#eab-" + kid + " .names").textContent()).isEqualTo("*." + name + ".example");
        JsonNode listed = listed("/api/v1/acme/eab-keys", "keyId", kid);
        assertThat(listed.get("accountId").asText()).isEqualTo(account);
        assertThat(listed.toString()).doesNotContain(hmac);
        assertThat(page.content()).as("the HMAC key is shown only once").doesNotContain(hmac);

        Page auditorPage = auditor.newPage();
        visit(auditorPage, "/ui/acme", 200, "acme-auditor");
        assertThat(auditorPage.locator("#create-eab-key").count()).isZero();
        assertThat(auditorPage.locator("#account-" + account).count()).isEqualTo(1);
        visit(auditorPage, "/ui/audit?action=acme.eab-key.create", 200, null);
        auditorPage.locator("table.audit tbody tr", new Page.LocatorOptions().setHasText(kid)).locator(".target a")
                .click();
        auditorPage.waitForURL("**/ui/acme#eab-" + kid);
        auditorPage.close();
        page.close();
    }

    @Test
    void acmeWhenAnAdminRevokesAnEabKeyAndDeactivatesAnAccountThenEachIsConfirmedFirstAndAcmeClientsAndTheApiSeeIt()
            throws Exception {
        String name = "revoke-me-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode key = eabKey("{\"name\":\"" + name + "\",\"namePatterns\":[\"" + name + ".example\"]}");
        String kid = key.get("keyId").asText();
        Account account = acmeAccount(name + "@example.com");
        String accountId = accountId(account);

        Page page = admin.newPage();
        visit(page, "/ui/acme", 200, null);
        submitted(page, "#eab-" + kid + " a.revoke", 200, "eab-key-revoke");
        assertThat(page.locator("#confirm-key-id").textContent()).isEqualTo(kid);
        assertThat(page.locator("#confirm-name").textContent()).isEqualTo(name);
        assertThat(page.locator("#confirm-names").textContent()).isEqualTo(name + ".example");
        assertThat(page.locator("#confirm-state").textContent()).isEqualTo("unused");
        submitted(page, "#confirm-revoke", 200, "acme-eab-key-revoked");
        assertThat(page.locator("#notice-revoked").textContent()).contains(kid);
        assertThat(page.locator("#eab-" + kid + " .eab-state").textContent()).isEqualTo("revoked");
        assertThat(page.locator("#eab-" + kid + " a.revoke").count()).isZero();
        JsonNode listedKey = listed("/api/v1/acme/eab-keys", "keyId", kid);
        assertThat(listedKey.get("state").asText()).isEqualTo("revoked");
        assertThat(listedKey.get("revokedBy").asText()).isEqualTo("admin:admin");
        assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService()
                .withKeyIdentifier(kid, key.get("hmacKey").asText()).useKeyPair(TestCsrs.ecKey("secp256r1"))
                .create(new AcmeTestClient(client()).session()))
                .as("an ACME client can no longer register with the key")
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getMessage()).contains("revoked"));

        submitted(page, "#account-" + accountId + " a.deactivate", 200, "acme-account-deactivate");
        assertThat(page.locator("#confirm-account").textContent()).isEqualTo(accountId);
        assertThat(page.locator("#confirm-contact").textContent()).isEqualTo("mailto:" + name + "@example.com");
        assertThat(page.locator("#confirm-status").textContent()).isEqualTo("valid");
        submitted(page, "#confirm-deactivate", 200, "acme-account-deactivated");
        assertThat(page.locator("#notice-deactivated").textContent()).contains(accountId);
        assertThat(page.locator("#account-" + accountId + " .account-status").textContent()).isEqualTo("deactivated");
        assertThat(page.locator("#account-" + accountId + " a.deactivate").count()).isZero();
        assertThat(listed("/api/v1/acme/accounts", "id", accountId).get("status").asText()).isEqualTo("deactivated");
        assertThatThrownBy(() -> account.newOrder().domains(name + ".example").create())
                .as("the account's client is refused").isInstanceOf(AcmeServerException.class);

        for (String[] audited : List.of(new String[] {"acme.eab-key.revoke", kid},
                new String[] {"acme.account.deactivate", accountId})) {
            var events = client().get(client().admin(), "/api/v1/audit-events?action=" + audited[0]
                    + "&actor=admin:admin&size=100", "application/json");
            assertThat(Json.parse(events.body()).get("items").valueStream().map(e -> e.get("target").asText()))
                    .as(audited[0] + " by admin:admin").contains(audited[1]);
        }
        page.close();
    }

    @Test
    void acmeWhenAnAuditorThenNoRevokeOrDeactivateControlAndForgedPostsWithAValidTokenAre403AndChangeNothing()
            throws Exception {
        String kid = eabKey("{\"name\":\"not for auditors\"}").get("keyId").asText();
        String accountId = accountId(acmeAccount(null));
        String revoke = "/ui/acme/eab-keys/" + kid + "/revoke";
        String deactivate = "/ui/acme/accounts/" + accountId + "/deactivate";

        Page page = auditor.newPage();
        visit(page, "/ui/acme", 200, null);
        assertThat(page.locator("#eab-" + kid).count()).isEqualTo(1);
        assertThat(page.locator("a.revoke, a.deactivate").count()).isZero();
        assertThat(page.getByText("Revoke…").count() + page.getByText("Deactivate…").count()).isZero();
        visit(page, revoke, 403, "refused-auditor-eab-key-revoke");
        assertThat(page.locator("h1").textContent()).isEqualTo("Your certificate does not allow this");
        visit(page, deactivate, 403, null);
        page.close();

        // the token of an ADMIN's confirmation page, posted with another administrator's certificate
        HallmarkClient c = client();
        ConsoleHttp.Page confirmation = ConsoleHttp.get(c, c.admin(), revoke);
        Map<String, String> token = ConsoleHttp.form("_csrf", confirmation.csrfField());
        HttpClient auditorHttp = ConsoleHttp.administrator(c, "AUDITOR");
        ConsoleHttp.Page forged = ConsoleHttp.post(c, auditorHttp, revoke, confirmation.csrfCookie(), token);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("Your role AUDITOR does not permit POST " + revoke);
        assertThat(ConsoleHttp.post(c, auditorHttp, deactivate, confirmation.csrfCookie(), token).status())
                .isEqualTo(403);
        assertThat(ConsoleHttp.post(c, ConsoleHttp.administrator(c, "OPERATOR"), deactivate,
                confirmation.csrfCookie(), token).status()).as("deactivation is for ADMINs").isEqualTo(403);
        assertThat(ConsoleHttp.post(c, c.admin(), revoke, null, ConsoleHttp.form()).body())
                .as("an ADMIN's post without the token").contains("The form could not be verified");

        assertThat(listed("/api/v1/acme/eab-keys", "keyId", kid).get("state").asText()).isEqualTo("unused");
        assertThat(listed("/api/v1/acme/accounts", "id", accountId).get("status").asText()).isEqualTo("valid");
    }

    @Test
    void everyPageWhenAtPhoneWidthThenItFitsAndTabReachesEveryControlInOrderWithAVisibleFocus() {
        String serial = ConsoleHttp.issueServer(client(), "CN=phone-width", "phone-width.example");
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("dashboard", "/ui/");
        pages.put("certificates", "/ui/certificates?q=phone-width");
        pages.put("certificate", "/ui/certificates/" + serial);
        pages.put("certificate-revoke", "/ui/certificates/" + serial + "/revoke");
        pages.put("issue", "/ui/issue");
        pages.put("tokens", "/ui/tokens");
        pages.put("acme", "/ui/acme");
        pages.put("eab-key-revoke", "/ui/acme/eab-keys/" + eabKey("{\"name\":\"phone-width\"}").get("keyId").asText()
                + "/revoke");
        pages.put("acme-account-deactivate", "/ui/acme/accounts/" + accountId(acmeAccount(null)) + "/deactivate");
        pages.put("admins", "/ui/admins");
        pages.put("audit", "/ui/audit");
        Page page = admin.newPage();
        page.setViewportSize(390, 844);
        pages.forEach((name, path) -> {
            visit(page, path, 200, name + "-phone");
            assertThat(noHorizontalScroll(page)).as(() -> name + " fits a phone's width; wider: " + page.evaluate(
                    "() => Array.from(document.querySelectorAll('body *')).filter(e =>"
                    + " e.getBoundingClientRect().right > window.innerWidth"
                    + " && (!e.closest('.scroll') || getComputedStyle(e).position === 'absolute'))"
                    + ".map(e => e.tagName + '.' + e.className).slice(0, 5)")).isTrue();
            assertKeyboardNavigable(page, name);
        });
        page.close();

        Page refused = anonymous.newPage();
        refused.setViewportSize(390, 844);
        visit(refused, "/ui/", 401, "refused-no-certificate-phone");
        assertThat(noHorizontalScroll(refused)).as("the refusal page fits a phone's width").isTrue();
        refused.close();
    }

    // --- helpers

    /** Submits a form by clicking the control, and checks the page it leads to as {@link #visit} does. */
    private void submitted(Page page, String control, int status, String screenshot) {
        List<String> errors = watch(page);
        Response response = page.waitForNavigation(() -> page.locator(control).click());
        assertThat(response.status()).as(page.url()).isEqualTo(status);
        if (screenshot != null) {
            screenshot(page, screenshot);
        }
        checkPage(page, status);
        assertThat(errors).as("console errors on " + page.url()).allSatisfy(e -> assertThat(e)
                .startsWith("Failed to load resource: the server responded with a status of " + status));
    }

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

    /** What Tab should reach, in document order: every visible control that is not disabled (no positive tabindex). */
    private static final String TABBABLE = """
            () => Array.from(document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
                .filter(e => !e.disabled && e.tabIndex >= 0 && e.type !== 'hidden' && e.getClientRects().length > 0
                    && getComputedStyle(e).visibility !== 'hidden')
                .map(e => window.hallmarkDescribe(e))""";
    /** The focused element, whether its focus is drawn (an outline) and whether it is on screen. */
    private static final String FOCUSED = """
            () => {
              const e = document.activeElement;
              if (!e || e === document.body) return null;
              const style = getComputedStyle(e), r = e.getBoundingClientRect();
              return { element: window.hallmarkDescribe(e),
                       outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                       onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                           && r.top < window.innerHeight && r.left < window.innerWidth };
            }""";
    private static final String DESCRIBE = """
            () => { window.hallmarkDescribe = e => Array.from(document.querySelectorAll('*')).indexOf(e) + ' '
                + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || e.name || '').trim()
                .replace(/\\s+/g, ' ').slice(0, 40); }""";

    /**
     * Tab from the top of the page reaches every control in document order, each with its focus outline and scrolled
     * into view (a date field takes several presses: one for each of its parts); the first is the skip link, which
     * leads past the navigation.
     */
    @SuppressWarnings("unchecked")
    private static void assertKeyboardNavigable(Page page, String name) {
        page.evaluate(DESCRIBE);
        List<String> expected = (List<String>) page.evaluate(TABBABLE);
        assertThat(expected).as(name + ": controls").isNotEmpty();
        assertThat(expected.get(0)).as(name + ": the first control").contains("a Skip to content");
        List<String> reached = new ArrayList<>();
        for (int presses = 0; reached.size() < expected.size() && presses < expected.size() * 4 + 10; presses++) {
            page.keyboard().press("Tab");
            Map<String, Object> focused = (Map<String, Object>) page.evaluate(FOCUSED);
            assertThat(focused).as(name + ": focus after " + reached).isNotNull();
            String element = (String) focused.get("element");
            if (!reached.isEmpty() && reached.get(reached.size() - 1).equals(element)) {
                continue;
            }
            assertThat(focused.get("outlined")).as(name + ": focus drawn on " + element).isEqualTo(true);
            assertThat(focused.get("onScreen")).as(name + ": on screen when focused: " + element).isEqualTo(true);
            reached.add(element);
        }
        assertThat(reached).as(name + ": reached by Tab").containsExactlyElementsOf(expected);

        page.locator("a.skip").focus();
        page.keyboard().press("Enter");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => { const main = document.getElementById('main');"
                + " return main.contains(document.activeElement)"
                + " || !!(main.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING); }"))
                .as(name + ": Tab after the skip link lands past the navigation").isEqualTo(true);
    }

    /**
     * Creates an administrator through the form and the same one through the API: both are refused with the same
     * status and text, shown beside the field, which alone is marked invalid.
     */
    private void assertAdministratorRefusedBeside(Page page, String field, String name, String role, String csr,
            String screenshot) {
        var api = client().postJson(client().admin(), "/api/v1/admins", "{\"name\":" + Json.quote(name)
                + ",\"role\":\"" + role + "\"" + (csr.isEmpty() ? "" : ",\"csr\":" + Json.quote(csr)) + "}");
        page.getByLabel("Name (letters, digits, spaces, . _ @ -)").fill(name);
        page.getByLabel("Role").selectOption(role);
        page.locator("#csr").fill(csr);
        submitted(page, "#create-admin", api.statusCode(), screenshot);
        assertThat(api.statusCode()).as(api.body()).isBetween(400, 499);
        assertThat(page.locator("#" + field + "-error").textContent()).as(field + ": the API's problem text")
                .isEqualTo(Json.parse(api.body()).get("detail").asText());
        assertThat(page.locator("#" + field).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#" + field).getAttribute("aria-describedby")).isEqualTo(field + "-error");
        assertThat(page.locator("[aria-invalid=true]").count()).isEqualTo(1);
        assertThat(page.locator("p.error").count()).isEqualTo(1);
    }

    private JsonNode eabKey(String json) {
        var created = client().postJson(client().admin(), "/api/v1/acme/eab-keys", json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.parse(created.body());
    }

    /** A new ACME account of acme4j's, without an EAB key. */
    private Account acmeAccount(String email) {
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(TestCsrs.ecKey("secp256r1"));
        if (email != null) {
            builder.addEmail(email);
        }
        try {
            return builder.create(new AcmeTestClient(client()).session());
        } catch (AcmeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String accountId(Account account) {
        return account.getLocation().toString().replaceAll(".*/account/", "");
    }

    /** The entry of an API list whose {@code field} is {@code value}. */
    private JsonNode listed(String path, String field, String value) {
        for (JsonNode entry : Json.parse(client().get(client().admin(), path, "application/json").body())) {
            if (entry.get(field).asText().equals(value)) {
                return entry;
            }
        }
        throw new AssertionError(path + " lists no " + field + " " + value);
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
