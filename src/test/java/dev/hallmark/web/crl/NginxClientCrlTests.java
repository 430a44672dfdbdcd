package dev.hallmark.web.crl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Tools;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deployment the openssl recipe ends with: nginx (Debian's package) requiring client
 * certificates of this CA, with {@code ssl_crl} holding the CRLs fetched from the service.
 */
class NginxClientCrlTests extends ServiceTest {

    private static final String NGINX = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";

    private Path dir;
    private Process nginx;

    @AfterEach
    void stopNginx() throws Exception {
        if (dir != null && Files.exists(dir.resolve("nginx.pid"))) {
            nginx("-s", "stop");
        }
        if (nginx != null) {
            nginx.destroy();
        }
    }

    @Test
    void nginxWhenClientCertificateValidThenAcceptedAndWhenRevokedThenRejected() throws Exception {
        Tools.require("nginx");
        Tools.require("curl");
        Revocations revocations = new Revocations(client(), DATA_DIR.resolve("test-nginx"));
        dir = revocations.dir();
        var server = revocations.issue("localhost", "server", "localhost");
        var alice = revocations.issue("alice", "client");
        var mallory = revocations.issue("mallory", "client");
        revocations.revoke(mallory.serial(), "keyCompromise");
        // nginx checks CRLs for the whole chain (CRL_CHECK_ALL), so it needs the issuing CA's and the root's
        byte[] crls = concat(revocations.fetch("/crl.pem"), revocations.fetch("/crl/root.pem"));
        Files.write(dir.resolve("crls.pem"), crls);
        int port = freePort();
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp-body;
                    proxy_temp_path %1$s/tmp-proxy;
                    fastcgi_temp_path %1$s/tmp-fastcgi;
                    uwsgi_temp_path %1$s/tmp-uwsgi;
                    scgi_temp_path %1$s/tmp-scgi;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %3$s;
                        ssl_certificate_key %4$s;
                        ssl_client_certificate %1$s/ca-chain.pem;
                        ssl_verify_client on;
                        ssl_verify_depth 2;
                        ssl_crl %1$s/crls.pem;
                        location / { return 200 "hello $ssl_client_s_dn\\n"; }
                    }
                }
                """.formatted(dir, port, server.chainFile(), server.keyFile()));
        assertThat(nginx("-t")).as(read(dir.resolve("nginx.out"))).isZero();
        nginx = new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        waitForPort(port);

        Tools.Result accepted = curl(port, alice);
        Tools.Result rejected = curl(port, mallory);

        assertThat(accepted.stdout()).contains("hello CN=alice").endsWith("200");
        assertThat(rejected.stdout()).contains("The SSL certificate error").endsWith("400");
        assertThat(Files.readString(dir.resolve("error.log"))).contains("certificate revoked");
    }

    /** Runs the nginx binary against this test's configuration; Debian installs it in /usr/sbin. */
    private int nginx(String... arguments) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(NGINX, "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString()));
        command.addAll(java.util.List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private Tools.Result curl(int port, Revocations.Issued client) {
        return Tools.run(dir, "curl", "-sS", "--cacert", "root.pem", "--cert", client.chainFile().toString(), "--key",
                client.keyFile().toString(), "-w", "%{http_code}", "https://localhost:" + port + "/");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void waitForPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertThat(nginx.isAlive()).as(() -> read(dir.resolve("nginx.out")) + read(dir.resolve("error.log")))
                        .isTrue();
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not start listening on " + port);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
