package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.Shell;
import dev.hallmark.support.Tools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What docker/compose.yaml runs, without Docker: two nodes on one PostgreSQL schema and Debian's nginx with
 * docker/nginx-lb.conf (its upstream addresses and listening ports replaced by this machine's), the stream module
 * passing TLS through. Through nginx, connections reach both nodes (openssl sees both nodes' own TLS certificates),
 * an administrator's client certificate issues on each node (each node's own issuance meter counts one) and revokes,
 * and OCSP through nginx's plain HTTP port says revoked.
 */
class NginxLoadBalancerTests {

    private static final String PASSWORD = "nginx-lb-test-password";
    private static final String NGINX = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    /** Debian's libnginx-mod-stream; the official nginx image has the module built in. */
    private static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
    private static final Pattern ISSUED = Pattern.compile(
            "(?m)^hallmark_certificates_issued_total\\{(?=[^}]*outcome=\"success\")(?=[^}]*profile=\"server\")[^}]*} ([0-9.E]+)$");

    private Process nginx;

    @AfterEach
    void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void nginxStreamWhenTwoNodesThenMutualTlsReachesBothAndBothServe() throws Exception {
        Tools.require("nginx");
        Tools.require("openssl");
        Tools.require("curl");
        int lbHttps = freePort();
        int lbHttp = freePort();
        try (ClusterNodes cluster = ClusterNodes.onFreshSchema("nginx_lb", PASSWORD)) {
            // as in compose.yaml: the first node makes the CA and the administrator; URLs in certificates name nginx
            String publicUrl = "--hallmark.public-base-url=http://127.0.0.1:" + lbHttp;
            ClusterNodes.Node first = cluster.start("lb-1", publicUrl);
            ClusterNodes.Node second = cluster.start("lb-2", publicUrl);
            HallmarkClient a = first.client(first.dataDir());
            HallmarkClient b = second.client(first.dataDir());
            Path dir = new Revocations(a, first.dataDir().resolveSibling(first.dataDir().getFileName() + "-lb")).dir();
            Files.copy(a.bootstrap("admin.crt"), dir.resolve("admin.crt"));
            Files.copy(a.bootstrap("admin.key"), dir.resolve("admin.key"));

            String config = Files.readString(Path.of("docker/nginx-lb.conf"));
            config = replace(config, "hallmark-1:8443", "127.0.0.1:" + a.httpsPort());
            config = replace(config, "hallmark-2:8443", "127.0.0.1:" + b.httpsPort());
            config = replace(config, "hallmark-1:8080", "127.0.0.1:" + a.httpPort());
            config = replace(config, "hallmark-2:8080", "127.0.0.1:" + b.httpPort());
            config = replace(config, "listen 8443;", "listen 127.0.0.1:" + lbHttps + ";");
            config = replace(config, "listen 8080;", "listen 127.0.0.1:" + lbHttp + ";");
            String head = (Files.exists(STREAM_MODULE) ? "load_module " + STREAM_MODULE + ";\n" : "")
                    + "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + " info;\n";
            Files.writeString(dir.resolve("nginx.conf"), head + config);
            Process check = new ProcessBuilder(NGINX, "-t", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                    "-e", dir.resolve("error.log").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx-t.out").toFile()).start();
            assertThat(check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0)
                    .as(() -> read(dir.resolve("nginx-t.out"))).isTrue();
            nginx = new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-e",
                    dir.resolve("error.log").toString(), "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile()).start();
            waitForPort(lbHttps, dir);
            waitForPort(lbHttp, dir);

            // TLS ends on the nodes: through nginx, openssl meets each node's own certificate in turn
            String ofA = serverCertificate(dir, a.httpsPort());
            String ofB = serverCertificate(dir, b.httpsPort());
            assertThat(ofA).isNotEqualTo(ofB);
            Set<String> throughNginx = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                throughNginx.add(serverCertificate(dir, lbHttps));
            }
            assertThat(throughNginx).containsExactlyInAnyOrder(ofA, ofB);

            // the administrator's client certificate reaches whichever node takes the connection
            double issuedOnA = issued(dir, a.httpsPort());
            double issuedOnB = issued(dir, b.httpsPort());
            String first201 = issue(dir, lbHttps, "one");
            String second201 = issue(dir, lbHttps, "two");
            assertThat(first201).startsWith("201");
            assertThat(second201).startsWith("201");
            assertThat(issued(dir, a.httpsPort()) - issuedOnA).isEqualTo(1.0);
            assertThat(issued(dir, b.httpsPort()) - issuedOnB).isEqualTo(1.0);

            String serial = Shell.run(dir, "openssl x509 -in one.pem -noout -serial").assertSuccess().stdout()
                    .trim().substring("serial=".length());
            Tools.Result revoked = Shell.run(dir, """
                    curl -sS --cacert root.pem --cert admin.crt --key admin.key -H 'Content-Type: application/json' \\
                      --data '{"reason":"keyCompromise"}' https://localhost:PORT/api/v1/certificates/SERIAL/revoke \\
                      -o /dev/null -w '%{http_code}'
                    """.replace("PORT", Integer.toString(lbHttps)).replace("SERIAL", serial)).assertSuccess();
            assertThat(revoked.stdout()).isEqualTo("200");
            Shell.run(dir, "openssl x509 -in one.pem -out leaf.pem && openssl x509 -in ca-chain.pem -out issuing.pem")
                    .assertSuccess();
            Tools.Result ocsp = Tools.run(dir, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-url",
                    "http://127.0.0.1:" + lbHttp + "/ocsp", "-CAfile", "root.pem", "-verify_other", "issuing.pem")
                    .assertSuccess();
            assertThat(ocsp.stdout() + ocsp.stderr()).contains("leaf.pem: revoked").contains("Response verify OK");
        }
    }

    /** The SHA-256 fingerprint of the certificate the TLS server at {@code port} shows, checked against the root. */
    private static String serverCertificate(Path dir, int port) {
        return Shell.run(dir, """
                openssl s_client -connect 127.0.0.1:PORT -servername localhost -verify_return_error -CAfile ca-chain.pem \\
                  </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256
                """.replace("PORT", Integer.toString(port))).assertSuccess().stdout().trim();
    }

    /** A server certificate through nginx with the administrator's client certificate: the HTTP status. */
    private static String issue(Path dir, int port, String name) {
        return Shell.run(dir, """
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout NAME.key \\
                  -subj /CN=NAME.lb.example -addext subjectAltName=DNS:NAME.lb.example -out NAME.csr 2>/dev/null
                curl -sS --cacert root.pem --cert admin.crt --key admin.key --data-binary @NAME.csr \\
                  'https://localhost:PORT/api/v1/certificates?profile=server' -o NAME.pem -w '%{http_code}\\n'
                """.replace("NAME", name).replace("PORT", Integer.toString(port))).assertSuccess().stdout();
    }

    /** A node's own count of server certificates issued, from its Prometheus endpoint, asked directly. */
    private static double issued(Path dir, int port) {
        String metrics = Tools.run(dir, "curl", "-sS", "--fail", "--cacert", "root.pem", "--cert", "admin.crt", "--key",
                "admin.key", "https://localhost:" + port + "/actuator/prometheus").assertSuccess().stdout();
        Matcher m = ISSUED.matcher(metrics);
        assertThat(m.find()).as(metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String replace(String config, String what, String with) {
        assertThat(config).as("docker/nginx-lb.conf").contains(what);
        return config.replace(what, with);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void waitForPort(int port, Path dir) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertThat(nginx.isAlive()).as(() -> read(dir.resolve("nginx.out")) + read(dir.resolve("error.log")))
                        .isTrue();
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not start listening on " + port + ": " + read(dir.resolve("error.log")));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
