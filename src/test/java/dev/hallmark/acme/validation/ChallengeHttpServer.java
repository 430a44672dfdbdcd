package dev.hallmark.acme.validation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A client's HTTP server for http-01, on 127.0.0.1 and a random port: answers, redirects or hangs per path. */
final class ChallengeHttpServer implements AutoCloseable {

    /** What a request looked like when it arrived. */
    record Request(String pathAndQuery, String host, String userAgent) {
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http-01");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ChallengeHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().getFirst("User-Agent")));
            try (exchange) {
                Handler handler = handlers.get(path);
                if (handler == null) {
                    send(exchange, 404, "not here", false);
                } else {
                    handler.handle(exchange);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static ChallengeHttpServer start() {
        return new ChallengeHttpServer();
    }

    int port() {
        return server.getAddress().getPort();
    }

    ChallengeHttpServer serve(String path, int status, String body) {
        handlers.put(path, exchange -> send(exchange, status, body, false));
        return this;
    }

    ChallengeHttpServer serveChunked(String path, String body) {
        handlers.put(path, exchange -> send(exchange, 200, body, true));
        return this;
    }

    ChallengeHttpServer redirect(String path, int status, String location) {
        handlers.put(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        });
        return this;
    }

    /** Takes the request and answers nothing for a minute. */
    ChallengeHttpServer hang(String path) {
        handlers.put(path, exchange -> Thread.sleep(60_000));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private static void send(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (chunked) {
                for (int i = 0; i < bytes.length; i += 10) {    // several chunks
                    out.write(bytes, i, Math.min(10, bytes.length - i));
                    out.flush();
                }
            } else {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
