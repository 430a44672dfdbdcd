package dev.hallmark.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Issues, writes and revokes certificates of the running service for the revocation tests. */
public final class Revocations {

    /** A certificate the service issued, with its key, written as PEM files into a directory. */
    public record Issued(String serial, X509Certificate certificate, X509Certificate issuer, KeyPair keys, Path certFile,
            Path keyFile, Path chainFile) {
    }

    private final HallmarkClient client;
    private final Path dir;

    public Revocations(HallmarkClient client, Path dir) {
        this.client = client;
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Files.copy(client.bootstrap("root-ca.pem"), dir.resolve("root.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(client.bootstrap("ca-chain.pem"), dir.resolve("ca-chain.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Issues a certificate with the profile; files are named after {@code name}. */
    public Issued issue(String name, String profile, String... dnsNames) {
        TestCsrs csr = TestCsrs.csr().subject("CN=" + name).dns(dnsNames);
        var response = client.issue(client.admin(), csr.pem(), "profile=" + profile);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
            Path certFile = dir.resolve(name + ".pem");
            Path keyFile = dir.resolve(name + ".key");
            Path chainFile = dir.resolve(name + "-chain.pem");
            Files.writeString(certFile, pem(chain.get(0)));
            Files.writeString(chainFile, response.body());
            Files.writeString(keyFile, pem(csr.keys().getPrivate()));
            Files.writeString(dir.resolve("issuing.pem"), pem(chain.get(1)));
            String serial = chain.get(0).getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
            return new Issued(serial.length() % 2 == 0 ? serial : "0" + serial, chain.get(0), chain.get(1), csr.keys(),
                    certFile, keyFile, chainFile);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void revoke(String serial, String reason) {
        var response = client.postJson(client.admin(), "/api/v1/certificates/" + serial + "/revoke",
                "{\"reason\":\"" + reason + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** GET over plain HTTP, as relying parties fetch CRLs and OCSP. */
    public byte[] fetch(String path) {
        var response = HallmarkClient.sendBytes(java.net.http.HttpClient.newHttpClient(),
                java.net.http.HttpRequest.newBuilder(client.http(path)).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    public Path fetchTo(String path, String file) {
        try {
            return Files.write(dir.resolve(file), fetch(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The first group of {@code regex} in {@code text}, or fails. */
    public static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return m.group(1);
    }
}
