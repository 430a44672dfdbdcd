package dev.hallmark.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestDnsServer;
import dev.hallmark.support.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Debian's certbot, lego and Caddy, unmodified, against a service of its own whose real validation
 * authority reaches the clients' own challenge servers: {@code hallmark.acme.validation.http-port}
 * and {@code .tls-alpn-port} are the ports the clients listen on, and every lookup goes to a test DNS
 * server on loopback that names 127.0.0.1 for the test names (lego's exec DNS provider writes its
 * TXT records there). The clients trust the bootstrap root ({@code REQUESTS_CA_BUNDLE},
 * {@code LEGO_CA_CERTIFICATES}); what they get is verified with {@code openssl verify -x509_strict},
 * and certbot's revocation is read back with openssl's OCSP client. The slow real-client tests live here.
 */
class AcmeClientInteropTests {

    private static final Path DATA_DIR = ServiceTest.newDataDir("acme-clients");
    private static final String CA = "ca.hallmark.test";

    private static TestDnsServer dns;
    private static HttpServer dnsControl;
    private static int httpPort;
    private static int tlsAlpnPort;
    private static ConfigurableApplicationContext service;
    private static HallmarkClient client;
    private static Path work;

    @BeforeAll
    static void start() throws IOException {
        dns = TestDnsServer.start();
        // the zone allows this CA, so CAA is checked and passes for every name below but one
        dns.caa("hallmark.test", 0, "issue", CA).caa("hallmark.test", 0, "issuewild", CA);
        dnsControl = dnsControl();
        httpPort = freePort();
        tlsAlpnPort = freePort();
        service = StandaloneService.start(DATA_DIR, "acme-clients-password",
                "--hallmark.acme.validation.http-port=" + httpPort,
                "--hallmark.acme.validation.tls-alpn-port=" + tlsAlpnPort,
                "--hallmark.acme.validation.dns-resolvers=" + dns.hostPort(),
                "--hallmark.acme.caa-identities=" + CA);
        client = StandaloneService.client(service, DATA_DIR);
        work = Files.createDirectories(DATA_DIR.resolve("clients"));
        Files.copy(client.bootstrap("root-ca.pem"), work.resolve("root.pem"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (dnsControl != null) {
            dnsControl.stop(0);
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** {@code POST /present} with "fqdn value": lego's exec provider publishing a dns-01 TXT record. */
    private static HttpServer dnsControl() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                String[] parts = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII)
                        .trim().split(" ");
                if (exchange.getRequestURI().getPath().equals("/present") && parts.length == 2) {
                    dns.txt(parts[0], parts[1]);
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String directory() {
        return client.https("/acme/directory").toString();
    }

    private static Tools.Result certbot(Path dir, String... arguments) {
        List<String> command = new ArrayList<>(List.of("certbot"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--non-interactive", "--config-dir", dir.resolve("config").toString(), "--work-dir",
                dir.resolve("work").toString(), "--logs-dir", dir.resolve("logs").toString()));
        return Tools.run(dir, Map.of("REQUESTS_CA_BUNDLE", work.resolve("root.pem").toString()), null,
                command.toArray(String[]::new));
    }

    private static Tools.Result lego(Path dir, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("lego", "--server", directory(), "--accept-tos", "--email",
                "ops@hallmark.test", "--path", dir.toString()));
        command.addAll(List.of(arguments));
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("LEGO_CA_CERTIFICATES", work.resolve("root.pem").toString());
        return Tools.run(dir, env, null, command.toArray(String[]::new));
    }

    /** {@code openssl verify -x509_strict} of the leaf against the bootstrap root, with the chain the client saved. */
    private static void verify(Path dir, Path leaf, Path chain) {
        Tools.Result result = Tools.run(dir, "openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile",
                work.resolve("root.pem").toString(), "-untrusted", chain.toString(), leaf.toString());
        result.assertSuccess();
        assertThat(result.stdout()).contains(leaf + ": OK");
    }

    private static String text(Path dir, Path certificate) {
        return Tools.run(dir, "openssl", "x509", "-in", certificate.toString(), "-noout", "-serial", "-ext",
                "subjectAltName").assertSuccess().stdout();
    }

    @Test
    void certbotWhenStandaloneHttp01ThenIssuedRenewedAndRevokedWithOcspShowingIt() throws IOException {
        Path dir = Files.createDirectories(work.resolve("certbot"));
        dns.a("certbot.hallmark.test", "127.0.0.1");

        Tools.Result issued = certbot(dir, "certonly", "--standalone", "--server", directory(), "--agree-tos",
                "--register-unsafely-without-email", "--http-01-port", String.valueOf(httpPort), "--http-01-address",
                "127.0.0.1", "-d", "certbot.hallmark.test");

        issued.assertSuccess();
        Path live = dir.resolve("config/live/certbot.hallmark.test");
        verify(dir, live.resolve("cert.pem"), live.resolve("chain.pem"));
        String first = text(dir, live.resolve("cert.pem"));
        assertThat(first).contains("DNS:certbot.hallmark.test");
        assertThat(dns.queries()).contains("certbot.hallmark.test A", "certbot.hallmark.test CAA");

        certbot(dir, "renew", "--force-renewal", "--no-random-sleep-on-renew").assertSuccess();

        verify(dir, live.resolve("cert.pem"), live.resolve("chain.pem"));
        String renewed = text(dir, live.resolve("cert.pem"));
        assertThat(renewed).contains("DNS:certbot.hallmark.test");
        assertThat(serial(renewed)).isNotEqualTo(serial(first));

        certbot(dir, "revoke", "--server", directory(), "--cert-path", live.resolve("cert.pem").toString(), "--reason", "keycompromise",
                "--no-delete-after-revoke").assertSuccess();

        String ocsp = Tools.run(dir, "openssl", "ocsp", "-issuer", live.resolve("chain.pem").toString(), "-cert",
                live.resolve("cert.pem").toString(), "-url", client.http("/ocsp").toString(), "-CAfile",
                work.resolve("root.pem").toString(), "-verify_other", live.resolve("chain.pem").toString(),
                "-no_nonce").assertSuccess().stdout();
        assertThat(ocsp).contains(": revoked").contains("Reason: keyCompromise");
    }

    private static String serial(String x509Text) {
        return x509Text.lines().filter(l -> l.startsWith("serial=")).findFirst().orElseThrow();
    }

    @Test
    void legoWhenHttp01ThenIssuedAndVerifies() throws IOException {
        Path dir = Files.createDirectories(work.resolve("lego-http"));
        dns.a("lego-http.hallmark.test", "127.0.0.1");

        lego(dir, Map.of(), "--domains", "lego-http.hallmark.test", "--http", "--http.port", "127.0.0.1:" + httpPort,
                "run").assertSuccess();

        Path certificate = dir.resolve("certificates/lego-http.hallmark.test.crt");
        verify(dir, certificate, certificate);
        assertThat(text(dir, certificate)).contains("DNS:lego-http.hallmark.test");
    }

    @Test
    void legoWhenTlsAlpn01ThenIssuedAndVerifies() throws IOException {
        Path dir = Files.createDirectories(work.resolve("lego-tls"));
        dns.a("lego-tls.hallmark.test", "127.0.0.1");

        lego(dir, Map.of(), "--domains", "lego-tls.hallmark.test", "--tls", "--tls.port", "127.0.0.1:" + tlsAlpnPort,
                "run").assertSuccess();

        Path certificate = dir.resolve("certificates/lego-tls.hallmark.test.crt");
        verify(dir, certificate, certificate);
        assertThat(text(dir, certificate)).contains("DNS:lego-tls.hallmark.test");
    }

    @Test
    void legoWhenDns01WithExecProviderThenWildcardIssuedAndVerifies() throws IOException {
        Path dir = Files.createDirectories(work.resolve("lego-dns"));
        Path script = dir.resolve("publish.sh");
        // lego calls it as: publish.sh present|cleanup <fqdn> <value>
        Files.writeString(script, "#!/bin/sh\nexec curl -fsS --data \"$2 $3\" http://127.0.0.1:"
                + dnsControl.getAddress().getPort() + "/$1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        lego(dir, Map.of("EXEC_PATH", script.toString(), "EXEC_PROPAGATION_TIMEOUT", "30",
                "EXEC_POLLING_INTERVAL", "1", "EXEC_SEQUENCE_INTERVAL", "1"), "--domains", "*.wild.hallmark.test", "--domains", "wild.hallmark.test",
                "--dns", "exec", "--dns.resolvers", dns.hostPort(), "--dns.disable-cp", "run").assertSuccess();

        Path certificate = dir.resolve("certificates/_.wild.hallmark.test.crt");
        verify(dir, certificate, certificate);
        assertThat(text(dir, certificate)).contains("DNS:*.wild.hallmark.test").contains("DNS:wild.hallmark.test");
        assertThat(dns.queries()).contains("_acme-challenge.wild.hallmark.test TXT");
    }

    /**
     * Debian's Caddy with {@code acme_ca} pointing at Hallmark and {@code acme_ca_root} its root, as docs/acme.md shows:
     * it obtains the site's certificate by itself (http-01 or tls-alpn-01, both ports are the validation authority's)
     * and serves it; curl trusting only the root gets the page, and the chain Caddy stored passes openssl.
     */
    @Test
    void caddyWhenAcmeCaIsHallmarkThenItServesTheSiteWithHallmarksCertificate()
            throws IOException, InterruptedException {
        Tools.require("caddy");
        Path dir = Files.createDirectories(work.resolve("caddy"));
        String site = "caddy.hallmark.test";
        dns.a(site, "127.0.0.1");
        Files.writeString(dir.resolve("Caddyfile"), """
                {
                	admin off
                	skip_install_trust
                	http_port %d
                	https_port %d
                	storage file_system %s
                	acme_ca %s
                	acme_ca_root %s
                	email ops@hallmark.test
                }

                %s {
                	respond "hello from caddy"
                }
                """.formatted(httpPort, tlsAlpnPort, dir.resolve("storage"), directory(), work.resolve("root.pem"), site));
        Path log = dir.resolve("caddy.log");
        ProcessBuilder builder = new ProcessBuilder("caddy", "run", "--config", dir.resolve("Caddyfile").toString(),
                "--adapter", "caddyfile").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // Caddy keeps its autosaved configuration and data under these; not in the user's home
        builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "XDG_DATA_HOME", dir.resolve("data").toString()));
        Process caddy = builder.start();
        try {
            awaitObtained(caddy, log);
            Path certificate;
            try (var files = Files.walk(dir.resolve("storage"))) {
                certificate = files.filter(f -> f.getFileName().toString().equals(site + ".crt")).findFirst()
                        .orElseThrow();
            }
            verify(dir, certificate, certificate);
            assertThat(text(dir, certificate)).contains("DNS:" + site);

            Tools.Result page = Tools.run(dir, "curl", "-sS", "--cacert", work.resolve("root.pem").toString(),
                    "--resolve", site + ":" + tlsAlpnPort + ":127.0.0.1", "https://" + site + ":" + tlsAlpnPort + "/");
            page.assertSuccess();
            assertThat(page.stdout()).isEqualTo("hello from caddy");
        } finally {
            caddy.destroy();
            caddy.waitFor();
        }
    }

    /** Waits for Caddy to log that it has the certificate; fails with its log if it ends or gives up first. */
    private static void awaitObtained(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            // decoded leniently: the log may end inside a character Caddy is still writing
            String seen = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (seen.contains("certificate obtained successfully")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("caddy ended (" + process.exitValue() + "): " + seen);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("caddy obtained no certificate: " + Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    @Test
    void legoWhenCaaNamesAnotherCaThenRefusedWithCaa() throws IOException {
        Path dir = Files.createDirectories(work.resolve("lego-caa"));
        dns.a("forbidden.hallmark.test", "127.0.0.1").caa("forbidden.hallmark.test", 0, "issue", "letsencrypt.org");

        Tools.Result refused = lego(dir, Map.of(), "--domains", "forbidden.hallmark.test", "--http", "--http.port",
                "127.0.0.1:" + httpPort, "run");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).contains("urn:ietf:params:acme:error:caa")
                .contains("does not allow " + CA);
        assertThat(dir.resolve("certificates/forbidden.hallmark.test.crt")).doesNotExist();
    }
}
