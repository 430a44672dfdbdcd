package dev.hallmark.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, driven by the real openssl and curl: make a key and CSR with openssl,
 * submit it with curl and the bootstrap admin's certificate, verify the chain strictly, read the
 * extensions, fetch and revoke it.
 */
class OpensslCurlInteropTests extends ServiceTest {

    @TempDir
    Path work;

    private HallmarkClient c;
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        c = client();
        base = "https://localhost:" + httpsPort;
        Files.writeString(work.resolve("issuing.pem"), certOnly(c.bootstrap("ca-chain.pem"), 0));
    }

    @Test
    void issueWhenOpensslEcCsrPostedWithCurlThenVerifiesStrictlyWithExpectedExtensions() {
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "server.key");
        openssl("req", "-new", "-key", "server.key", "-subj", "/CN=web.internal.example",
                "-addext", "subjectAltName=DNS:web.internal.example,IP:192.0.2.10", "-out", "server.csr");
        // no Content-Type: curl sends application/x-www-form-urlencoded, which must just work
        curl("--data-binary", "@server.csr", "-o", "server.pem", base + "/api/v1/certificates?profile=server&validityDays=30");

        String verify = openssl("verify", "-x509_strict", "-CAfile", c.bootstrap("root-ca.pem").toString(),
                "-untrusted", "issuing.pem", "server.pem").stdout();
        assertThat(verify).contains("server.pem: OK");
        String text = openssl("x509", "-in", "server.pem", "-noout", "-text").stdout();
        assertThat(text)
                .contains("X509v3 Basic Constraints: critical\n                CA:FALSE")
                .contains("X509v3 Key Usage: critical\n                Digital Signature\n")
                .contains("TLS Web Server Authentication")
                .contains("DNS:web.internal.example, IP Address:192.0.2.10")
                .contains("URI:http://localhost:8080/crl")
                .contains("OCSP - URI:http://localhost:8080/ocsp")
                .contains("CA Issuers - URI:http://localhost:8080/ca/issuer.crt")
                .contains("X509v3 Subject Key Identifier")
                .contains("X509v3 Authority Key Identifier")
                .doesNotContain("Key Encipherment");
    }

    @Test
    void issueWhenRsaClientCsrAsDerThenRsaKeyUsageAndClientAuthOnly() {
        openssl("genrsa", "-out", "client.key", "2048");
        openssl("req", "-new", "-key", "client.key", "-subj", "/CN=alice/O=Example", "-outform", "DER", "-out", "client.der");
        curl("-H", "Content-Type: application/pkcs10", "--data-binary", "@client.der", "-o", "client.pem",
                base + "/api/v1/certificates?profile=client");
        assertThat(openssl("verify", "-x509_strict", "-purpose", "sslclient", "-CAfile",
                c.bootstrap("root-ca.pem").toString(), "-untrusted", "issuing.pem", "client.pem").stdout())
                .contains("client.pem: OK");
        String text = openssl("x509", "-in", "client.pem", "-noout", "-text").stdout();
        assertThat(text).contains("TLS Web Client Authentication").doesNotContain("TLS Web Server Authentication");
        var asServer = Tools.run(work, "openssl", "verify", "-purpose", "sslserver", "-CAfile",
                c.bootstrap("root-ca.pem").toString(), "-untrusted", "issuing.pem", "client.pem");
        assertThat(asServer.exitCode()).isNotZero();
        assertThat(asServer.stderr()).contains("unsuitable certificate purpose");
    }

    @Test
    void walkthroughWhenFetchedAsPemListedAndRevokedWithCurlThenStatusRevoked() throws Exception {
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "k.key");
        openssl("req", "-new", "-key", "k.key", "-subj", "/CN=revoke-me.example", "-addext",
                "subjectAltName=DNS:revoke-me.example", "-out", "k.csr");
        curl("--data-binary", "@k.csr", "-o", "k.pem", base + "/api/v1/certificates");
        String serial = openssl("x509", "-in", "k.pem", "-noout", "-serial").stdout().strip().replace("serial=", "");

        String pem = curl("-H", "Accept: application/x-pem-file", base + "/api/v1/certificates/" + serial.toLowerCase()).stdout();
        assertThat(pem.strip()).isEqualTo(certOnly(work.resolve("k.pem"), 0).strip());

        String listed = curl(base + "/api/v1/certificates?q=revoke-me&status=valid").stdout();
        assertThat(Json.parse(listed).get("items").get(0).get("serial").asText()).isEqualTo(serial);

        String revoked = curl("-H", "Content-Type: application/json", "-d", "{\"reason\":\"keyCompromise\"}",
                base + "/api/v1/certificates/" + colons(serial) + "/revoke").stdout();
        assertThat(Json.parse(revoked).get("status").asText()).isEqualTo("revoked");
        assertThat(Json.parse(revoked).get("revocationReason").asText()).isEqualTo("keyCompromise");

        String csv = curl("-H", "Accept: text/csv", base + "/api/v1/certificates?q=revoke-me").stdout();
        assertThat(csv).startsWith("serial,subject,").contains(serial + ",CN=revoke-me.example,DNS:revoke-me.example,server,revoked");
    }

    @Test
    void adminPkcs12WhenReadByOpensslThenHoldsKeyAndChain() throws Exception {
        String password = Files.readString(c.bootstrap("admin.p12.password")).strip();
        String out = openssl("pkcs12", "-in", c.bootstrap("admin.p12").toString(), "-passin", "pass:" + password,
                "-nodes").stdout();
        assertThat(out).contains("BEGIN PRIVATE KEY").contains("subject=O = Hallmark administrators, CN = admin")
                .contains("subject=CN = Hallmark Issuing CA");
    }

    @Test
    void tlsWhenCheckedWithOpensslThenServiceCertificateChainsToRootAndTls12IsMinimum() {
        var tls13 = Tools.run(work, "bash", "-c", "echo | openssl s_client -connect localhost:" + httpsPort
                + " -servername localhost -CAfile " + c.bootstrap("root-ca.pem") + " -verify_return_error 2>&1");
        assertThat(tls13.stdout()).contains("Verify return code: 0 (ok)").contains("TLSv1.3");
        var tls11 = Tools.run(work, "bash", "-c", "echo | openssl s_client -connect localhost:" + httpsPort
                + " -tls1_1 2>&1");
        assertThat(tls11.exitCode()).isNotZero();
    }

    private Tools.Result openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        return Tools.run(work, command).assertSuccess();
    }

    private Tools.Result curl(String... args) {
        String[] common = {"curl", "-sS", "--fail-with-body", "--cacert", c.bootstrap("root-ca.pem").toString(),
            "--cert", c.bootstrap("admin.crt").toString(), "--key", c.bootstrap("admin.key").toString()};
        String[] command = new String[common.length + args.length];
        System.arraycopy(common, 0, command, 0, common.length);
        System.arraycopy(args, 0, command, common.length, args.length);
        return Tools.run(work, command).assertSuccess();
    }

    private static String colons(String hex) {
        return hex.replaceAll("(..)(?!$)", "$1:");
    }

    private static String certOnly(Path pemFile, int index) throws java.io.IOException {
        String[] blocks = Files.readString(pemFile).split("(?<=-----END CERTIFICATE-----\n)");
        return blocks[index];
    }
}
