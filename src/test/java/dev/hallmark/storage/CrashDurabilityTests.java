package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.HallmarkApplication;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * No certificate leaves the service without its record, even when the process dies: the service
 * runs in a JVM of its own, issues under concurrent load, and is killed with SIGKILL mid-stream;
 * after a restart every certificate that was answered {@code 201} is in the store. (With H2's
 * write delay and no group commit, certificates answered just before the kill were lost.)
 */
class CrashDurabilityTests {

    private static final String PASSWORD = "crash-test-password";
    /** Against a hang, not a speed check: on a loaded 2-core machine a start has taken over two minutes. */
    private static final Duration DEADLINE = Duration.ofSeconds(600);

    @Test
    void issueWhenProcessKilledMidStreamThenEveryAnsweredCertificateIsStoredAfterRestart() throws Exception {
        Path dataDir = ServiceTest.newDataDir("crash");
        int https = freePort();
        Process service = startService(dataDir, https, freePort());
        Set<String> answered = ConcurrentHashMap.newKeySet();
        List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            HallmarkClient client = new HallmarkClient(dataDir, https, 0);
            awaitStarted(service, dataDir, client);
            HttpClient admin = client.admin();
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 8; i++) {
                int n = i;
                clients.submit(() -> {
                    for (int k = 0; !killed.get(); k++) {
                        String name = "crash-" + n + "-" + k + ".example";
                        try {
                            var response = client.issue(admin, TestCsrs.csr().subject("CN=" + name).dns(name).pem(),
                                    "profile=server");
                            if (response.statusCode() == 201) {
                                answered.add(response.headers().firstValue("Location").orElseThrow());
                            } else if (!killed.get()) {
                                refused.add(response.statusCode() + " " + response.body());
                            }
                        } catch (RuntimeException e) {
                            if (!killed.get() && service.isAlive()) {
                                refused.add(e.toString()); // the service was still up: not the kill
                            }
                            return; // the connection died with the process
                        }
                    }
                });
            }
            // a deadline, and the refusals: before, a client that failed stopped silently, and with
            // all of them stopped the loop waited forever instead of failing
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (answered.size() < 200 && refused.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(refused).as("answers other than 201 before the kill").isEmpty();
            assertThat(answered).as("certificates answered before the deadline").hasSizeGreaterThanOrEqualTo(200);
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no close
            killed.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            service.destroyForcibly();
        }

        try (ConfigurableApplicationContext restarted = StandaloneService.start(dataDir, PASSWORD)) {
            HallmarkClient client = StandaloneService.client(restarted, dataDir);
            HttpClient admin = client.admin();
            List<String> missing = new ArrayList<>();
            for (String location : answered) {
                if (client.get(admin, location, "application/json").statusCode() != 200) {
                    missing.add(location);
                }
            }
            assertThat(answered).hasSizeGreaterThanOrEqualTo(200);
            assertThat(missing).as("certificates answered 201 but missing after the crash").isEmpty();
        }
    }

    private static Process startService(Path dataDir, int https, int http) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                HallmarkApplication.class.getName(), "--server.port=" + https, "--hallmark.http.port=" + http,
                "--hallmark.data-dir=" + dataDir, "--hallmark.ca.kdf-iterations=10000",
                "--hallmark.ca.password=" + PASSWORD, "--spring.jmx.enabled=false")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("service.log").toFile()).start();
    }

    private static void awaitStarted(Process service, Path dataDir, HallmarkClient client) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(service.isAlive()).as("service process (see %s)", dataDir.resolve("service.log")).isTrue();
            if (Files.exists(client.bootstrap("admin.p12.password"))) {
                try {
                    if (client.get(client.anonymous(), "/actuator/health", "application/json").statusCode() == 200) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("service did not start; see " + dataDir.resolve("service.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
