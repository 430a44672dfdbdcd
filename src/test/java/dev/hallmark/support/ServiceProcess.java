package dev.hallmark.support;

import dev.hallmark.HallmarkApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * The service as a process of its own ({@code java -cp <test class path> HallmarkApplication}),
 * for settings a test JVM cannot give an in-process service: an environment of its own (a PKCS#11
 * module reads {@code SOFTHSM2_CONF} when loaded, once per process). Its output goes to a file
 * beside, not inside, the data directory.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Against a hang, not a speed check: on a loaded 2-core machine a start has taken over three minutes. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(600);

    private final Process process;
    private final Path dataDir;
    private final Path output;
    private final HallmarkClient client;

    private ServiceProcess(Process process, Path dataDir, Path output, HallmarkClient client) {
        this.process = process;
        this.dataDir = dataDir;
        this.output = output;
        this.client = client;
    }

    /** Starts the service and waits until it serves its CA certificates; fails with its output when it exits. */
    public static ServiceProcess start(Path dataDir, Path logDir, Map<String, String> environment, String... args) {
        return start(true, dataDir, logDir, environment, args);
    }

    /**
     * Starts a node that joins a database holding a CA: it is ready when it serves the CA
     * certificates, without an administrator's files of its own.
     */
    public static ServiceProcess startJoining(Path dataDir, Path logDir, Map<String, String> environment,
            String... args) {
        return start(false, dataDir, logDir, environment, args);
    }

    private static ServiceProcess start(boolean withAdministrator, Path dataDir, Path logDir,
            Map<String, String> environment, String... args) {
        int https = freePort();
        int http = freePort();
        Path output = logFile(logDir);
        Process process = launch(dataDir, output, environment, https, http, args);
        HallmarkClient client = new HallmarkClient(dataDir, https, http);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                Assertions.fail("the service exited with " + process.exitValue() + " during start-up:\n" + read(output));
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                Assertions.fail("the service did not start within " + START_TIMEOUT + ":\n" + read(output));
            }
            try {
                HttpResponse<Void> ready = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                        + "/ca/root.pem")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200
                        && (!withAdministrator || Files.exists(dataDir.resolve("bootstrap/admin.p12")))) {
                    return new ServiceProcess(process, dataDir, output, client);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
    }

    /** Runs a start that is expected to fail: waits for the exit and answers its code and output. */
    public static Tools.Result startExpectingExit(Path dataDir, Path logDir, Map<String, String> environment,
            String... args) {
        Path output = logFile(logDir);
        Process process = launch(dataDir, output, environment, freePort(), freePort(), args);
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail("the service kept running although its start was expected to fail:\n" + read(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Tools.Result(process.exitValue(), read(output), "");
    }

    public HallmarkClient client() {
        return client;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A client of this service as the administrator whose files are in {@code adminDataDir}/bootstrap. */
    public HallmarkClient client(Path adminDataDir) {
        return new HallmarkClient(adminDataDir, client.httpsPort(), client.httpPort());
    }

    /** Everything the service printed so far. */
    public String output() {
        return read(output);
    }

    /** Kills the service as a crash does (SIGKILL: no shutdown hook, nothing closed) and waits until it is gone. */
    public void kill() {
        try {
            if (!process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
                Assertions.fail("the service outlived SIGKILL by 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the service as an operator does (SIGTERM: graceful shutdown) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process launch(Path dataDir, Path output, Map<String, String> environment, int https, int http,
            String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HallmarkApplication.class.getName(),
                "--server.port=" + https, "--hallmark.http.port=" + http, "--hallmark.data-dir=" + dataDir,
                "--hallmark.ca.kdf-iterations=10000", "--spring.jmx.enabled=false"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(output.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        for (String inherited : new String[] {"HALLMARK_CA_PASSWORD", "HALLMARK_DATA_DIR", "HALLMARK_PKCS11_PIN",
            "SOFTHSM2_CONF"}) {
            builder.environment().remove(inherited);
        }
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path logFile(Path logDir) {
        try {
            Files.createDirectories(logDir);
            return Files.createTempFile(logDir, "service-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
