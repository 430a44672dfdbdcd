package dev.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * EST simpleenroll throughput with enrollment tokens beside the REST bearer-token path, in the
 * same run: the same HTTP client (keep-alive, HTTP/1.1), the same concurrency, fresh tokens and
 * pre-built CSRs (key generation and token creation are not measured). Rounds alternate EST and
 * REST so drift on a shared machine hits both. Not a timed test: surefire skips "*Benchmark*";
 * run it with {@code bench/est.sh}.
 */
class EstBenchmark extends ServiceTest {

    private static final int REQUESTS = Integer.getInteger("bench.requests", 200);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 4);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 50);

    private record Job(String basicOrBearer, byte[] body) {
    }

    @Test
    void estSimpleEnrollBesideRestBearer() throws Exception {
        HallmarkClient c = client();
        HttpClient http = c.anonymous();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            run(http, pool, jobs(true, WARMUP), true);
            run(http, pool, jobs(false, WARMUP), false);
            List<Double> est = new ArrayList<>();
            List<Double> rest = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                est.add(run(http, pool, jobs(true, REQUESTS), true));
                rest.add(run(http, pool, jobs(false, REQUESTS), false));
            }
            double estMedian = median(est);
            double restMedian = median(rest);
            String report = String.format(Locale.ROOT, """
                    EST simpleenroll vs REST bearer issuance: %d requests per round, concurrency %d, %d rounds
                    EST  certificates/s per round: %s  median %.1f
                    REST certificates/s per round: %s  median %.1f
                    ratio EST/REST (medians): %.2f
                    """, REQUESTS, CONCURRENCY, ROUNDS, format(est), estMedian, format(rest), restMedian,
                    estMedian / restMedian);
            System.out.println(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "est-benchmark.txt"), report);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates a token and a CSR per request, before the clock starts. */
    private List<Job> jobs(boolean est, int count) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = (est ? "bench-est-" : "bench-rest-") + System.nanoTime();
            Tokens.Token token = Tokens.device(client(), name);
            TestCsrs csr = TestCsrs.csr().subject("CN=" + name);
            if (est) {
                String credentials = Base64.getEncoder().encodeToString((token.id() + ":" + token.token())
                        .getBytes(StandardCharsets.UTF_8));
                byte[] body = Base64.getMimeEncoder(64, new byte[] {'\r', '\n'}).encode(der(csr));
                jobs.add(new Job("Basic " + credentials, body));
            } else {
                jobs.add(new Job("Bearer " + token.token(), csr.pem().getBytes(StandardCharsets.US_ASCII)));
            }
        }
        return jobs;
    }

    /** @return certificates per second */
    private double run(HttpClient http, ExecutorService pool, List<Job> jobs, boolean est) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < jobs.size(); i = next.getAndIncrement()) {
                    HttpResponse<byte[]> response = HallmarkClient.sendBytes(http, request(jobs.get(i), est));
                    if (response.statusCode() == (est ? 200 : 201)) {
                        issued.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(issued.get()).isEqualTo(jobs.size());
        return jobs.size() / seconds;
    }

    private HttpRequest request(Job job, boolean est) {
        HallmarkClient c = client();
        if (est) {
            return HttpRequest.newBuilder(c.https("/.well-known/est/simpleenroll"))
                    .header("Authorization", job.basicOrBearer()).header("Content-Type", "application/pkcs10")
                    .header("Content-Transfer-Encoding", "base64")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(job.body())).build();
        }
        return HttpRequest.newBuilder(c.https("/api/v1/certificates")).header("Authorization", job.basicOrBearer())
                .header("Content-Type", "application/pkcs10").POST(HttpRequest.BodyPublishers.ofByteArray(job.body()))
                .build();
    }

    private static byte[] der(TestCsrs csr) {
        try {
            return csr.build().getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }
}
