package dev.hallmark.bench;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.TestCsrs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code POST /api/v1/certificates/{serial}/revoke} against a running service (keep-alive,
 * bootstrap administrator), then the first {@code GET /crl} after the last revocation.
 * Arguments: DATA_DIR HTTPS_PORT HTTP_PORT COUNT. Run by bench/revocation.sh with 0 and 1,000,000
 * certificates already revoked.
 */
public final class RevokeLatencyBenchmark {

    private RevokeLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        HallmarkClient client = new HallmarkClient(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        int count = Integer.parseInt(args[3]);
        HttpClient admin = client.admin();
        String csr = TestCsrs.csr().subject("CN=revoke-bench").pem();
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < count + 5; i++) {
            HttpResponse<String> issued = client.issue(admin, csr, "profile=client");
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(issued.body().getBytes(StandardCharsets.US_ASCII)));
            serials.add(leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < serials.size(); i++) {
            long started = System.nanoTime();
            HttpResponse<String> r = client.postJson(admin, "/api/v1/certificates/" + even(serials.get(i)) + "/revoke",
                    "{\"reason\":\"keyCompromise\"}");
            double ms = (System.nanoTime() - started) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("revoke answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 5) {
                millis.add(ms); // the first five warm up the path
            }
            Thread.sleep(50);
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> crl = HttpClient.newHttpClient().send(HttpRequest.newBuilder(client.http("/crl")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        double fetchMs = (System.nanoTime() - started) / 1e6;
        // a million-entry CRL is not parsed here (Bouncy Castle would hold it all); look for the DER INTEGER
        byte[] last = new java.math.BigInteger(serials.get(serials.size() - 1), 16).toByteArray();
        byte[] needle = new byte[last.length + 2];
        needle[0] = 0x02;
        needle[1] = (byte) last.length;
        System.arraycopy(last, 0, needle, 2, last.length);
        boolean listed = indexOf(crl.body(), needle) >= 0;
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "revokes=%d medianMs=%.2f p90Ms=%.2f maxMs=%.2f crlBytes=%d firstCrlFetchMs=%.0f lastListed=%s%n",
                millis.size(), millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.9)),
                millis.get(millis.size() - 1), crl.body().length, fetchMs, listed);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String even(String hex) {
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }
}
