package dev.hallmark.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * JDK HttpClient against the running service: trusts the service's root CA and presents a client
 * certificate (the bootstrap administrator's by default, any PKCS#12 on request, or none).
 */
public final class HallmarkClient {

    private final Path dataDir;
    private final int httpsPort;
    private final int httpPort;

    public HallmarkClient(Path dataDir, int httpsPort, int httpPort) {
        this.dataDir = dataDir;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
    }

    public Path bootstrap(String file) {
        return dataDir.resolve("bootstrap").resolve(file);
    }

    public int httpsPort() {
        return httpsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public URI https(String path) {
        return URI.create("https://localhost:" + httpsPort + path);
    }

    public URI http(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    /** As the bootstrap administrator. */
    public HttpClient admin() {
        try {
            char[] password = Files.readString(bootstrap("admin.p12.password")).strip().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(bootstrap("admin.p12"))) {
                store.load(in, password);
            }
            return withKeyStore(store, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Without a client certificate. */
    public HttpClient anonymous() {
        return withKeyStore(null, null);
    }

    /** With the client certificate in a PKCS#12 (for example an administrator created in a test). */
    public HttpClient withPkcs12(byte[] pkcs12, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), password);
            return withKeyStore(store, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpClient withKeyStore(KeyStore keys, char[] password) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            tls.init(keys == null ? null : kmf.getKeyManagers(), trustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10))
                    .version(HttpClient.Version.HTTP_1_1).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS that trusts the service's root and presents no client certificate, for clients that build their own HTTP. */
    public SSLContext trustingTls() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate root() {
        try (InputStream in = Files.newInputStream(bootstrap("root-ca.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try {
            trust.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        trust.setCertificateEntry("root", root());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<byte[]> sendBytes(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST a PEM CSR to the issuing endpoint with the given query, as curl --data-binary would. */
    public HttpResponse<String> issue(HttpClient client, String csrPem, String query) {
        return send(client, HttpRequest.newBuilder(https("/api/v1/certificates" + (query == null ? "" : "?" + query)))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofString(csrPem)).build());
    }

    public HttpResponse<String> get(HttpClient client, String path, String accept) {
        return send(client, HttpRequest.newBuilder(https(path)).header("Accept", accept).GET().build());
    }

    public HttpResponse<String> postJson(HttpClient client, String path, String json) {
        return send(client, HttpRequest.newBuilder(https(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
