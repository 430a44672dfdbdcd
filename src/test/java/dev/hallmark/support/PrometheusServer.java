package dev.hallmark.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Debian's {@code prometheus}, started on a loopback port with a configuration of the test's
 * making (scrape interval 1 s, storage in the test's directory), read through its HTTP API as
 * Grafana or an operator would: {@code /api/v1/query}, {@code /api/v1/targets}, {@code /api/v1/rules}.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SCRAPE_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts Prometheus with {@code config} (YAML) written to {@code dir}, and waits until it is ready. */
    public static PrometheusServer start(Path dir, String config) {
        Tools.require("prometheus");
        try {
            Files.writeString(dir.resolve("prometheus.yml"), config);
            int port = freePort();
            Process process = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, dir, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored sample: the time of the scrape that took it (seconds since the epoch) and its value. */
    public record Sample(double timestamp, double value) {
    }

    /**
     * The last sample of the one series {@code selector} names, from the last minute. Read as a range,
     * so that the staleness markers of a scrape that timed out on a busy machine do not hide it.
     */
    public Sample last(String selector) {
        JsonNode result = series(selector);
        assertThat(result.size()).as("series answering " + selector + ": " + result).isEqualTo(1);
        JsonNode values = result.get(0).get("values");
        JsonNode last = values.get(values.size() - 1);
        return new Sample(last.get(0).asDouble(), Double.parseDouble(last.get(1).asText()));
    }

    public double value(String selector) {
        return last(selector).value();
    }

    /** The series {@code selector} names that have samples in the last minute. */
    public JsonNode series(String selector) {
        return query(selector + "[1m]");
    }

    /** The series of an instant query ({@code data.result} of {@code /api/v1/query}). */
    public JsonNode query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(body.get("status").asText()).as(body.toString()).isEqualTo("success");
        return body.get("data").get("result");
    }

    /** {@code data.groups} of {@code /api/v1/rules}. */
    public JsonNode ruleGroups() {
        return get("/api/v1/rules").get("data").get("groups");
    }

    /** The only active target of {@code /api/v1/targets}. */
    public JsonNode target() {
        return activeTarget().orElseThrow(() -> new AssertionError("no active target:\n" + log()));
    }

    /** The only active target, or empty while service discovery has not yet handed it to the scrape manager. */
    private Optional<JsonNode> activeTarget() {
        JsonNode targets = get("/api/v1/targets").get("data").get("activeTargets");
        assertThat(targets.size()).as(targets.toString()).isLessThanOrEqualTo(1);
        return targets.isEmpty() ? Optional.empty() : Optional.of(targets.get(0));
    }

    /**
     * Waits until the samples of a successful scrape that began after this call are stored: such a
     * scrape must be seen, and the next one must have started too, since a target's scrapes run one
     * after another and each is committed before the next begins. A scrape that failed (one that
     * timed out on a busy machine) is waited past.
     */
    public void awaitScrapeOfNow() {
        Instant successful = awaitScrapeAfter(Instant.now(), true);
        awaitScrapeAfter(successful, false);
    }

    private Instant awaitScrapeAfter(Instant after, boolean successful) {
        Instant deadline = Instant.now().plus(SCRAPE_WAIT);
        Optional<JsonNode> target;
        do {
            target = activeTarget();
            Optional<Instant> last = target.flatMap(PrometheusServer::lastScrape);
            if (last.isPresent() && last.get().isAfter(after)
                    && (!successful || target.get().get("health").asText().equals("up"))) {
                return last.get();
            }
            sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("no " + (successful ? "successful " : "") + "scrape after " + after + " within "
                + SCRAPE_WAIT + ": " + target + "\n" + log());
    }

    private static Optional<Instant> lastScrape(JsonNode target) {
        String text = target.get("lastScrape").asText();
        Instant last = OffsetDateTime.parse(text).toInstant();
        return last.getEpochSecond() <= 0 ? Optional.empty() : Optional.of(last);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as(this::log).isTrue();
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        close();
        throw new AssertionError("prometheus was not ready within " + STARTUP + ":\n" + log());
    }

    private JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = HallmarkClient.send(http,
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
