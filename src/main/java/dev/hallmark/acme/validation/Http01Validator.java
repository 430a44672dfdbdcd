package dev.hallmark.acme.validation;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * http-01 (RFC 8555 §8.3): {@code GET http://<identifier>:<http-port>/.well-known/acme-challenge/<token>}
 * must answer 200 with the key authorization (trailing whitespace ignored). A small HTTP/1.1
 * client on a plain socket, so that it connects only to the address the VA resolved (an HTTP
 * library would resolve the host itself) and every step has a limit: at most
 * {@value #MAX_REDIRECTS} redirects, {@value #MAX_HEADER_BYTES} bytes of headers and
 * {@value #MAX_BODY} bytes of body, and the validation's deadline.
 *
 * <p>Redirects are followed as Boulder does (RFC 8555 §10.2 leaves it to the CA): only to http on
 * port 80 or the configured http-01 port and https on 443 or the configured tls-alpn-01 port; to
 * a host name, which is looked up through the configured resolvers, or to the ip identifier being
 * validated itself, never to another IP address that no resolver gave.
 */
final class Http01Validator {

    static final int MAX_REDIRECTS = 10;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_BODY = 4096;
    static final String USER_AGENT = "Hallmark-ACME-VA (RFC 8555)";

    private final ValidationSettings settings;
    private final Connector connector;
    private final SSLSocketFactory tls;

    Http01Validator(ValidationSettings settings, Connector connector, SSLSocketFactory tls) {
        this.settings = settings;
        this.connector = connector;
        this.tls = tls;
    }

    /** One request: where it goes, and the URL it stands for in messages. */
    private record Target(String scheme, Connector.Host host, int port, String pathAndQuery) {

        URI uri() {
            boolean defaultPort = scheme.equals("http") ? port == 80 : port == 443;
            return URI.create(scheme + "://" + host.urlHost() + (defaultPort ? "" : ":" + port) + pathAndQuery);
        }

        String hostHeader() {
            return uri().getRawAuthority();
        }
    }

    private record Response(int status, String location, byte[] body) {
    }

    void validate(AcmeIdentifier identifier, String token, String keyAuthorization, Deadline deadline)
            throws ValidationException {
        Target target = new Target("http", Connector.Host.of(identifier), settings.httpPort(),
                "/.well-known/acme-challenge/" + token);
        Set<URI> visited = new HashSet<>(Set.of(target.uri()));
        for (int redirects = 0;; redirects++) {
            Response response = fetch(target, deadline);
            if (isRedirect(response.status())) {
                if (redirects == MAX_REDIRECTS) {
                    throw new ValidationException(ValidationError.connection, "more than " + MAX_REDIRECTS
                            + " redirects, the last from " + target.uri());
                }
                Target next = redirect(target, response, identifier);
                if (!visited.add(next.uri())) {
                    throw new ValidationException(ValidationError.connection, "redirect loop: " + target.uri()
                            + " redirects to " + next.uri() + ", which was already asked");
                }
                target = next;
                continue;
            }
            if (response.status() != 200) {
                throw new ValidationException(ValidationError.unauthorized, target.uri() + " answered "
                        + response.status() + ", not 200 with the key authorization");
            }
            String body = new String(response.body(), StandardCharsets.ISO_8859_1).stripTrailing();
            if (!body.equals(keyAuthorization)) {
                throw new ValidationException(ValidationError.incorrectResponse, "the key authorization at "
                        + target.uri() + " does not match: expected \"" + keyAuthorization + "\", got \""
                        + printable(body) + "\"");
            }
            return;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private Target redirect(Target from, Response response, AcmeIdentifier identifier) throws ValidationException {
        String location = response.location();
        if (location == null || location.isBlank()) {
            throw new ValidationException(ValidationError.connection, from.uri() + " answered " + response.status()
                    + " without a Location");
        }
        URI next;
        try {
            next = from.uri().resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ValidationException(ValidationError.connection, from.uri() + " redirects to \""
                    + printable(location) + "\", which is not a URL");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationException(ValidationError.connection, "redirect to " + printable(next.toString())
                    + " not followed: only http and https");
        }
        String hostText = next.getHost();
        if (hostText == null || hostText.isEmpty()) {
            throw new ValidationException(ValidationError.connection, "redirect to " + printable(next.toString())
                    + " not followed: no host name");
        }
        int port = next.getPort() != -1 ? next.getPort() : scheme.equals("http") ? 80 : 443;
        int configured = scheme.equals("http") ? settings.httpPort() : settings.tlsAlpnPort();
        int standard = scheme.equals("http") ? 80 : 443;
        if (port != standard && port != configured) {
            throw new ValidationException(ValidationError.connection, "redirect to " + printable(next.toString())
                    + " not followed: " + scheme + " only on port " + standard
                    + (configured == standard ? "" : " or " + configured));
        }
        Connector.Host host;
        InetAddress literal = IpLiterals.parse(hostText);
        if (literal != null) {
            InetAddress validated = "ip".equals(identifier.type()) ? IpLiterals.parse(identifier.value()) : null;
            if (!literal.equals(validated)) {
                throw new ValidationException(ValidationError.connection, "redirect to "
                        + printable(next.toString()) + " not followed: the validation authority connects only to"
                        + " addresses the resolvers give for a name, or to the ip identifier itself");
            }
            host = new Connector.Host(literal.getHostAddress(), literal);
        } else {
            host = new Connector.Host(hostText.toLowerCase(Locale.ROOT), null);
        }
        String path = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
        return new Target(scheme, host, port, next.getRawQuery() == null ? path : path + "?" + next.getRawQuery());
    }

    private Response fetch(Target target, Deadline deadline) throws ValidationException {
        Socket socket = connector.connect(target.host(), target.port(), deadline);
        try {
            if (target.scheme().equals("https")) {
                socket = handshake(socket, target, deadline);
            }
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target.pathAndQuery() + " HTTP/1.1\r\nHost: " + target.hostHeader()
                    + "\r\nUser-Agent: " + USER_AGENT + "\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(new DeadlineInputStream(socket, deadline));
            return read(in, target);
        } catch (SocketTimeoutException e) {
            throw deadline.timedOut(ValidationError.connection, "waiting for " + target.uri());
        } catch (IOException e) {
            throw new ValidationException(ValidationError.connection, "the connection for " + target.uri()
                    + " failed: " + e.getMessage());
        } finally {
            Connector.close(socket);
        }
    }

    private Socket handshake(Socket socket, Target target, Deadline deadline) throws ValidationException, IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host().literal() == null
                ? target.host().name() : target.host().literal().getHostAddress(), target.port(), true);
        ssl.setEnabledProtocols(InsecureTls.PROTOCOLS);
        try {
            ssl.setSoTimeout(deadline.remainingMillis(ValidationError.connection, "in the TLS handshake"));
            ssl.startHandshake();
            return ssl;
        } catch (SocketTimeoutException e) {
            Connector.close(ssl);
            throw deadline.timedOut(ValidationError.connection, "in the TLS handshake with " + target.uri());
        } catch (SSLException e) {
            Connector.close(ssl);
            throw new ValidationException(ValidationError.tls, "the TLS handshake with " + target.uri()
                    + " failed: " + e.getMessage());
        }
    }

    private static Response read(InputStream in, Target target) throws IOException, ValidationException {
        int[] budget = {MAX_HEADER_BYTES};
        String statusLine;
        int status;
        do {
            statusLine = line(in, budget, target);
            if (!statusLine.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
                throw new ValidationException(ValidationError.connection, target.uri() + " did not answer HTTP/1.1: \""
                        + printable(statusLine) + "\"");
            }
            status = Integer.parseInt(statusLine.substring(9, 12));
            String location = null;
            long contentLength = -1;
            boolean chunked = false;
            for (String header = line(in, budget, target); !header.isEmpty(); header = line(in, budget, target)) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new ValidationException(ValidationError.connection, target.uri()
                            + " sent a malformed header: \"" + printable(header) + "\"");
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "location" -> location = value;
                    case "content-length" -> contentLength = contentLength(value, target);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    default -> {
                    }
                }
            }
            if (status >= 100 && status < 200) {
                continue;    // an interim answer; the real one follows
            }
            if (status != 200) {
                return new Response(status, location, new byte[0]);
            }
            return new Response(status, location, chunked ? chunked(in, target) : body(in, contentLength, target));
        } while (true);
    }

    private static long contentLength(String value, Target target) throws ValidationException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new ValidationException(ValidationError.connection, target.uri() + " sent Content-Length \""
                    + printable(value) + "\"");
        }
    }

    private static byte[] body(InputStream in, long contentLength, Target target) throws IOException, ValidationException {
        if (contentLength > MAX_BODY) {
            throw tooLong(target);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        long wanted = contentLength < 0 ? MAX_BODY + 1L : contentLength;
        while (body.size() < wanted) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, wanted - body.size()));
            if (n < 0) {
                if (contentLength >= 0) {
                    throw new ValidationException(ValidationError.connection, target.uri()
                            + " closed the connection before the end of its body");
                }
                break;
            }
            body.write(buffer, 0, n);
        }
        if (body.size() > MAX_BODY) {
            throw tooLong(target);
        }
        return body.toByteArray();
    }

    private static byte[] chunked(InputStream in, Target target) throws IOException, ValidationException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] budget = {MAX_HEADER_BYTES};
        while (true) {
            String sizeLine = line(in, budget, target);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new ValidationException(ValidationError.connection, target.uri() + " sent a malformed chunk");
            }
            if (size == 0) {
                return body.toByteArray();
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw tooLong(target);
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new ValidationException(ValidationError.connection, target.uri()
                        + " closed the connection inside a chunk");
            }
            body.write(chunk);
            line(in, budget, target);
        }
    }

    private static ValidationException tooLong(Target target) {
        return new ValidationException(ValidationError.incorrectResponse, "the body at " + target.uri()
                + " is longer than " + MAX_BODY + " bytes; a key authorization is far shorter");
    }

    /** A CRLF- (or LF-) terminated line, counted against what the headers may take. */
    private static String line(InputStream in, int[] budget, Target target) throws IOException, ValidationException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new ValidationException(ValidationError.connection, target.uri()
                        + " closed the connection before the end of its answer");
            }
            if (--budget[0] < 0) {
                throw new ValidationException(ValidationError.connection, "the headers from " + target.uri()
                        + " are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    /** What a client's server sent, safe to put into a problem detail: printable ASCII, cut at 128 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 128; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return text.length() > 128 ? out + "..." : out.toString();
    }

    /** Reads from a socket with what is left of the deadline as its timeout, so a trickling server cannot hold it. */
    private static final class DeadlineInputStream extends InputStream {

        private final Socket socket;
        private final InputStream in;
        private final Deadline deadline;

        DeadlineInputStream(Socket socket, Deadline deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                socket.setSoTimeout(deadline.remainingMillis(ValidationError.connection, "reading"));
            } catch (ValidationException e) {
                throw new SocketTimeoutException(e.getMessage());
            }
            return in.read(b, off, len);
        }
    }
}
