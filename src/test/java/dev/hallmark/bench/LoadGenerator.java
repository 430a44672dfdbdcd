package dev.hallmark.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A lean closed-loop HTTP/1.1 load generator for the benchmarks: N clients, each one thread with one
 * persistent (keep-alive) connection, plain or TLS with an optional client certificate (mutual TLS),
 * a warm-up, then a measured window. It reports requests per second, successes, errors and latency
 * percentiles.
 *
 * <p>Why raw sockets rather than {@code java.net.http.HttpClient}: the tool shares the machine's cores
 * with the server it measures, so every cycle it spends is taken from the server. A blocking socket per
 * client writes each prepared request in one call (one TLS record) and parses the answer in place; the
 * JDK client adds a selector thread, futures and header maps per request. The tool's own ceiling is
 * measured by the benchmark against a trivial endpoint and reported beside the results.
 *
 * <p>Depends on the JDK only (plus, when it is on the class path, the Amazon Corretto Crypto Provider,
 * installed to make the client's own TLS record encryption cheap), so other benchmarks can call
 * {@link #run(Options)} and scripts can call {@link #main(String[])}. Not a test: surefire excludes
 * nothing here by name, and there is no {@code @Test}.
 */
public final class LoadGenerator {

    private static final byte[] CRLF = {'\r', '\n'};

    private LoadGenerator() {
    }

    /**
     * What to send and how hard.
     *
     * @param target URL with scheme http or https; path and query are sent as given
     * @param method GET, POST, ...
     * @param body fixed request body, or null for none
     * @param bodies when not null, makes the body of each request from a per-client sequence number (for
     *        requests that must differ, like OCSP nonces); called on the client's thread
     * @param contentType for the body, or null
     * @param headers extra request headers
     * @param concurrency number of clients (threads and connections)
     * @param warmup time before measuring, with the same load
     * @param duration the measured window
     * @param clientKeys PKCS#12 key store with the client certificate for mutual TLS, or null
     * @param clientKeysPassword its password
     * @param trusted trust anchors for the server certificate (https), or null for the JDK's
     * @param expectStatus the status that counts as success, or 0 for any 2xx
     * @param serverPid the server's process id on this machine, or 0: its CPU time over the measured window
     *        is reported per successful request, a figure that other processes' load disturbs less than rates
     */
    public record Options(String label, URI target, String method, byte[] body, IntFunction<byte[]> bodies,
            String contentType, Map<String, String> headers, int concurrency, Duration warmup, Duration duration,
            KeyStore clientKeys, char[] clientKeysPassword, List<X509Certificate> trusted, int expectStatus,
            long serverPid) {

        public static Builder to(String url) {
            return new Builder(URI.create(url));
        }
    }

    /** Fluent construction of {@link Options}. */
    public static final class Builder {
        private final URI target;
        private String label;
        private String method = "GET";
        private byte[] body;
        private IntFunction<byte[]> bodies;
        private String contentType;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int concurrency = 16;
        private Duration warmup = Duration.ofSeconds(5);
        private Duration duration = Duration.ofSeconds(10);
        private KeyStore clientKeys;
        private char[] clientKeysPassword;
        private List<X509Certificate> trusted;
        private int expectStatus;
        private long serverPid;

        private Builder(URI target) {
            this.target = target;
            this.label = target.getPath();
        }

        public Builder label(String label) { this.label = label; return this; }
        public Builder get() { this.method = "GET"; return this; }
        public Builder post(byte[] body, String contentType) {
            this.method = "POST";
            this.body = body;
            this.contentType = contentType;
            return this;
        }
        /** POST with a body made per request (for example with a fresh nonce). */
        public Builder post(IntFunction<byte[]> bodies, String contentType) {
            this.method = "POST";
            this.bodies = bodies;
            this.contentType = contentType;
            return this;
        }
        public Builder header(String name, String value) { headers.put(name, value); return this; }
        public Builder concurrency(int n) { this.concurrency = n; return this; }
        public Builder warmup(Duration d) { this.warmup = d; return this; }
        public Builder duration(Duration d) { this.duration = d; return this; }
        public Builder expectStatus(int status) { this.expectStatus = status; return this; }
        public Builder serverPid(long pid) { this.serverPid = pid; return this; }
        public Builder clientCertificate(KeyStore pkcs12, char[] password) {
            this.clientKeys = pkcs12;
            this.clientKeysPassword = password;
            return this;
        }
        public Builder clientCertificate(Path pkcs12, char[] password) {
            return clientCertificate(loadPkcs12(pkcs12, password), password);
        }
        public Builder trust(List<X509Certificate> anchors) { this.trusted = anchors; return this; }
        public Builder trustPem(Path pem) { return trust(loadCertificates(pem)); }

        public Options build() {
            return new Options(label, target, method, body, bodies, contentType, Map.copyOf(headers), concurrency,
                    warmup, duration, clientKeys, clientKeysPassword, trusted, expectStatus, serverPid);
        }

        public Result run() {
            return LoadGenerator.run(build());
        }
    }

    /**
     * What one run measured. Counts and latencies cover the requests that completed inside the measured
     * window; {@code rate} is successes per second of that window.
     */
    public record Result(String label, int concurrency, double seconds, long ok, long errors, double rate,
            double p50Millis, double p90Millis, double p99Millis, double maxMillis, long connections,
            double serverCpuMillisPerRequest, double clientCpuMillisPerRequest, Map<String, Long> failures,
            String sampleError) {

        public String line() {
            return String.format(Locale.ROOT,
                    "%-28s c=%-3d %9.1f req/s  ok=%-8d err=%-5d p50=%7.2fms p90=%7.2fms p99=%7.2fms max=%8.2fms conns=%d"
                            + " cpu/req server=%.3fms client=%.3fms%s",
                    label, concurrency, rate, ok, errors, p50Millis, p90Millis, p99Millis, maxMillis, connections,
                    serverCpuMillisPerRequest, clientCpuMillisPerRequest,
                    failures.isEmpty() ? "" : " failures=" + failures + (sampleError == null ? "" : " sample=" + sampleError));
        }

        /**
         * Tab-separated: label, concurrency, seconds, ok, errors, rate, p50, p90, p99, max (ms), server and
         * client CPU milliseconds per successful request (NaN when unknown).
         */
        public String tsv() {
            return String.format(Locale.ROOT, "%s\t%d\t%.1f\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f", label,
                    concurrency, seconds, ok, errors, rate, p50Millis, p90Millis, p99Millis, maxMillis,
                    serverCpuMillisPerRequest, clientCpuMillisPerRequest);
        }
    }

    /** Runs the load and blocks until the measured window has ended and every client has stopped. */
    public static Result run(Options o) {
        if (o.concurrency() < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        installFastProviderIfPresent();
        boolean tls = "https".equalsIgnoreCase(o.target().getScheme());
        SSLContext context = tls ? sslContext(o) : null;
        Control control = new Control();
        Client[] clients = new Client[o.concurrency()];
        CountDownLatch done = new CountDownLatch(clients.length);
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new Client(o, context, control, done);
            Thread t = new Thread(clients[i], "load-" + i);
            t.setDaemon(true);
            t.start();
        }
        sleep(o.warmup());
        long serverCpu0 = processCpuNanos(o.serverPid());
        long clientCpu0 = ownCpuNanos();
        control.start = System.nanoTime();
        sleep(o.duration());
        control.end = System.nanoTime();
        control.serverCpu = processCpuNanos(o.serverPid()) - serverCpu0;
        control.clientCpu = ownCpuNanos() - clientCpu0;
        control.stop = true;
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return summarize(o, control, clients);
    }

    private static Result summarize(Options o, Control control, Client[] clients) {
        long ok = 0;
        long errors = 0;
        long connections = 0;
        int n = 0;
        Map<String, Long> failures = new TreeMap<>();
        String sample = null;
        for (Client c : clients) {
            ok += c.ok;
            errors += c.errors;
            connections += c.connections;
            n += c.latencyCount;
            c.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
            if (sample == null) {
                sample = c.sampleError;
            }
        }
        long[] all = new long[n];
        int at = 0;
        for (Client c : clients) {
            System.arraycopy(c.latencies, 0, all, at, c.latencyCount);
            at += c.latencyCount;
        }
        Arrays.sort(all);
        double seconds = (control.end - control.start) / 1e9;
        double serverCpu = o.serverPid() > 0 && control.serverCpu >= 0 && ok > 0 ? control.serverCpu / 1e6 / ok : Double.NaN;
        double clientCpu = control.clientCpu >= 0 && ok > 0 ? control.clientCpu / 1e6 / ok : Double.NaN;
        return new Result(o.label(), o.concurrency(), seconds, ok, errors, ok / seconds, percentile(all, 0.50),
                percentile(all, 0.90), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                connections, serverCpu, clientCpu, failures, sample);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static final class Control {
        volatile long start = Long.MAX_VALUE;
        volatile long end = Long.MAX_VALUE;
        volatile boolean stop;
        long serverCpu;
        long clientCpu;
    }

    /** CPU time (user + system) of a process from /proc, or a negative number when unknown. */
    static long processCpuNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ownCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** One client: one thread, one keep-alive connection (re-opened only after an error or a close). */
    private static final class Client implements Runnable {
        private final Options o;
        private final SSLContext context;
        private final Control control;
        private final CountDownLatch done;
        private final byte[] fixedRequest;
        private final byte[] head;
        private final byte[] buffer = new byte[8192];
        private long[] latencies = new long[1 << 14];
        private int latencyCount;
        private long ok;
        private long errors;
        private long connections;
        private final Map<String, Long> failures = new TreeMap<>();
        private String sampleError;
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final ByteArrayOutputStream errorBody = new ByteArrayOutputStream();

        Client(Options o, SSLContext context, Control control, CountDownLatch done) {
            this.o = o;
            this.context = context;
            this.control = control;
            this.done = done;
            this.head = requestHead(o);
            this.fixedRequest = o.bodies() == null ? request(head, o.body(), o.method()) : null;
        }

        @Override
        public void run() {
            try {
                int sequence = 0;
                while (!control.stop) {
                    byte[] request = fixedRequest != null ? fixedRequest : request(head, o.bodies().apply(sequence++), o.method());
                    long t0 = System.nanoTime();
                    int status;
                    String failure = null;
                    try {
                        if (socket == null) {
                            connect();
                        }
                        out.write(request);
                        out.flush();
                        status = readResponse();
                    } catch (IOException | RuntimeException e) {
                        status = -1;
                        failure = e.getClass().getSimpleName();
                        if (sampleError == null) {
                            sampleError = String.valueOf(e.getMessage());
                        }
                        close();
                    }
                    long t1 = System.nanoTime();
                    if (t1 < control.start || t1 > control.end) {
                        if (failure != null) {
                            pause();
                        }
                        continue;
                    }
                    boolean success = o.expectStatus() == 0 ? status >= 200 && status < 300 : status == o.expectStatus();
                    if (success) {
                        ok++;
                        record(t1 - t0);
                    } else {
                        errors++;
                        failures.merge(failure != null ? failure : "HTTP " + status, 1L, Long::sum);
                        if (failure == null && sampleError == null) {
                            sampleError = errorBody.toString(StandardCharsets.UTF_8);
                        }
                        if (failure != null) {
                            pause();
                        }
                    }
                }
            } finally {
                close();
                done.countDown();
            }
        }

        private void record(long nanos) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = nanos;
        }

        private void connect() throws IOException {
            String host = o.target().getHost();
            int port = o.target().getPort() > 0 ? o.target().getPort()
                    : context != null ? 443 : 80;
            Socket plain = new Socket();
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), 10_000);
            plain.setSoTimeout(60_000);
            Socket s = plain;
            if (context != null) {
                SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                s = ssl;
            }
            socket = s;
            out = s.getOutputStream();
            in = new BufferedInputStream(s.getInputStream(), 16384);
            connections++;
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
            }
            socket = null;
            out = null;
            in = null;
        }

        private static void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Reads one response; keeps the connection unless the server closes it. Returns the status. */
        private int readResponse() throws IOException {
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x response: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = statusLine.startsWith("HTTP/1.0");
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon);
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("connection")) {
                    closeAfter = value.equalsIgnoreCase("close");
                }
            }
            boolean sampleBody = status < 200 || status >= 300;
            errorBody.reset();
            if (chunked) {
                for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                    skip(size, sampleBody);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are ignored
                }
            } else if (length >= 0) {
                skip(length, sampleBody);
            } else {
                closeAfter = true;
                while (in.read(buffer) >= 0) {
                    // body until the server closes
                }
            }
            if (closeAfter) {
                close();
            }
            return status;
        }

        private void skip(long n, boolean sample) throws IOException {
            while (n > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (r < 0) {
                    throw new EOFException("connection closed inside a response body");
                }
                if (sample && errorBody.size() < 400) {
                    errorBody.write(buffer, 0, Math.min(r, 400));
                }
                n -= r;
            }
        }

        private final StringBuilder lineBuffer = new StringBuilder(128);

        private String line() throws IOException {
            lineBuffer.setLength(0);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b != '\r') {
                    lineBuffer.append((char) b);
                }
            }
            return lineBuffer.toString();
        }
    }

    private static byte[] requestHead(Options o) {
        URI u = o.target();
        String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        StringBuilder h = new StringBuilder(256);
        h.append(o.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
        h.append("Host: ").append(u.getHost()).append(u.getPort() > 0 ? ":" + u.getPort() : "").append("\r\n");
        h.append("User-Agent: hallmark-load\r\n");
        if (o.contentType() != null) {
            h.append("Content-Type: ").append(o.contentType()).append("\r\n");
        }
        o.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        return h.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The whole request in one array, so it leaves in one write (one TLS record, one TCP segment). */
    private static byte[] request(byte[] head, byte[] body, String method) {
        byte[] length = body == null && (method.equals("GET") || method.equals("HEAD")) ? new byte[0]
                : ("Content-Length: " + (body == null ? 0 : body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        int bodyLength = body == null ? 0 : body.length;
        byte[] r = new byte[head.length + length.length + CRLF.length + bodyLength];
        System.arraycopy(head, 0, r, 0, head.length);
        System.arraycopy(length, 0, r, head.length, length.length);
        System.arraycopy(CRLF, 0, r, head.length + length.length, CRLF.length);
        if (body != null) {
            System.arraycopy(body, 0, r, head.length + length.length + CRLF.length, bodyLength);
        }
        return r;
    }

    private static SSLContext sslContext(Options o) {
        try {
            KeyManagerFactory kmf = null;
            if (o.clientKeys() != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(o.clientKeys(), o.clientKeysPassword());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (o.trusted() == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate c : o.trusted()) {
                    trust.setCertificateEntry("anchor-" + i++, c);
                }
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for the load generator: " + e, e);
        }
    }

    public static KeyStore loadPkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
    }

    public static List<X509Certificate> loadCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(c -> out.add((X509Certificate) c));
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem + ": " + e, e);
        }
    }

    private static volatile boolean providerChecked;

    /**
     * Puts the Amazon Corretto Crypto Provider first when it is on the class path, so the client's own
     * AES-GCM and handshakes cost less of the shared CPU. Off with {@code -Dload.accp=false}.
     */
    private static synchronized void installFastProviderIfPresent() {
        if (providerChecked) {
            return;
        }
        providerChecked = true;
        if (!Boolean.parseBoolean(System.getProperty("load.accp", "true"))) {
            return;
        }
        try {
            Class<?> accp = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            Object instance = accp.getField("INSTANCE").get(null);
            if (accp.getMethod("getLoadingError").invoke(instance) == null
                    && java.security.Security.getProvider(((java.security.Provider) instance).getName()) == null) {
                accp.getMethod("install").invoke(null);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not on the class path: the JDK's providers serve
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Command line:
     * <pre>
     * java -cp target/test-classes dev.hallmark.bench.LoadGenerator --url URL [--method POST]
     *   [--body-file F] [--content-type T] [--header 'Name: value']... [--concurrency 16]
     *   [--warmup 5] [--duration 10] [--pkcs12 F --pkcs12-password-file F] [--trust root.pem]
     *   [--expect-status 201] [--server-pid PID] [--label NAME] [--tsv-out FILE]
     * </pre>
     * Prints one summary line; with {@code --tsv-out} also appends {@link Result#tsv()} to the file.
     * Exits 1 when nothing succeeded.
     */
    public static void main(String[] args) throws IOException {
        Map<String, List<String>> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            a.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        Builder b = Options.to(one(a, "url", null));
        String method = one(a, "method", a.containsKey("body-file") ? "POST" : "GET");
        if (a.containsKey("body-file")) {
            b.post(Files.readAllBytes(Path.of(one(a, "body-file", null))), one(a, "content-type", null));
        }
        if (method.equals("GET")) {
            b.get();
        }
        for (String h : a.getOrDefault("header", List.of())) {
            String[] kv = h.split(":", 2);
            b.header(kv[0].trim(), kv[1].trim());
        }
        b.concurrency(Integer.parseInt(one(a, "concurrency", "16")))
                .warmup(Duration.ofMillis((long) (Double.parseDouble(one(a, "warmup", "5")) * 1000)))
                .duration(Duration.ofMillis((long) (Double.parseDouble(one(a, "duration", "10")) * 1000)))
                .expectStatus(Integer.parseInt(one(a, "expect-status", "0")))
                .serverPid(Long.parseLong(one(a, "server-pid", "0")))
                .label(one(a, "label", URI.create(one(a, "url", null)).getPath()));
        if (a.containsKey("pkcs12")) {
            char[] password = Files.readString(Path.of(one(a, "pkcs12-password-file", null))).strip().toCharArray();
            b.clientCertificate(Path.of(one(a, "pkcs12", null)), password);
        }
        if (a.containsKey("trust")) {
            b.trustPem(Path.of(one(a, "trust", null)));
        }
        Result r = b.run();
        System.out.println(r.line());
        if (a.containsKey("tsv-out")) {
            Files.writeString(Path.of(one(a, "tsv-out", null)), r.tsv() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        if (r.ok() == 0) {
            System.exit(1);
        }
    }

    private static String one(Map<String, List<String>> a, String name, String fallback) {
        List<String> v = a.get(name);
        if (v == null || v.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return fallback;
        }
        return v.get(v.size() - 1);
    }
}
