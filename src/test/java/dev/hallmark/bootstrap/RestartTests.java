package dev.hallmark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hallmark.signing.CaKeyException;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The CA persists: a restart reuses the same root and issuing CA and still lists what was issued;
 * a wrong password stops start-up with a clear message and changes nothing on disk; the CA keys
 * live in the database, encrypted as openssl reads them.
 */
class RestartTests {

    @Test
    void startWhenRestartedThenSameCaAndCertificatesStillListed() throws Exception {
        Path dataDir = ServiceTest.newDataDir("restart");
        String rootFingerprint;
        String serial;
        try (ConfigurableApplicationContext first = start(dataDir, null)) {
            rootFingerprint = sha256(dataDir.resolve("bootstrap/root-ca.pem"));
            HallmarkClient client = client(first, dataDir);
            var issued = client.issue(client.admin(), TestCsrs.csr().subject("CN=persist.example")
                    .dns("persist.example").pem(), "profile=server");
            assertThat(issued.statusCode()).isEqualTo(201);
            serial = issued.headers().firstValue("Location").orElseThrow().substring("/api/v1/certificates/".length());
        }
        Map<String, String> caFiles = digests(dataDir.resolve("ca"));
        try (ConfigurableApplicationContext second = start(dataDir, null)) {
            assertThat(sha256(dataDir.resolve("bootstrap/root-ca.pem"))).isEqualTo(rootFingerprint);
            assertThat(digests(dataDir.resolve("ca"))).isEqualTo(caFiles);
            HallmarkClient client = client(second, dataDir);
            var found = client.get(client.admin(), "/api/v1/certificates/" + serial, "application/json");
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(Json.parse(found.body()).get("subject").asText()).isEqualTo("CN=persist.example");
            var issuedAfterRestart = client.issue(client.admin(), TestCsrs.csr().subject("CN=after.example")
                    .dns("after.example").pem(), "profile=server");
            assertThat(issuedAfterRestart.statusCode()).isEqualTo(201);
        }
    }

    @Test
    void startWhenWrongPasswordThenFailsClearlyAndChangesNothing() throws Exception {
        Path dataDir = ServiceTest.newDataDir("wrong-password");
        start(dataDir, "correct horse battery staple").close();
        Map<String, String> before = digests(dataDir.resolve("ca"));

        Throwable failure = catchThrowable(() -> start(dataDir, "wrong password"));

        assertThat(failure).hasRootCauseInstanceOf(CaKeyException.class);
        assertThat(rootCause(failure).getMessage()).contains("wrong CA password");
        assertThat(digests(dataDir.resolve("ca"))).isEqualTo(before);
    }

    @Test
    void startWhenFirstStartThenSecretsAreMode0600AndTheCaKeysAreInTheDatabaseEncryptedAsOpensslReadsThem()
            throws Exception {
        Path dataDir = ServiceTest.newDataDir("modes");
        start(dataDir, null).close();
        for (String secret : new String[] {"ca/tls.key", "ca/password", "bootstrap/admin.key", "bootstrap/admin.p12",
            "bootstrap/admin.p12.password"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(dataDir.resolve("ca/root.key")).doesNotExist();
        assertThat(dataDir.resolve("ca/issuing.key")).doesNotExist();

        // the root key in the database: encrypted PKCS#8 that openssl opens with the CA password alone
        Path rootKey = dataDir.resolve("root-from-database.key");
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/hallmark"),
                "hallmark", ""); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT encrypted_key FROM ca_key WHERE role = 'ROOT'")) {
            assertThat(row.next()).isTrue();
            Files.writeString(rootKey, row.getString(1));
        }
        assertThat(Files.readString(rootKey)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        String password = Files.readString(dataDir.resolve("ca/password")).strip();
        Path publicKey = dataDir.resolve("root-public.pem");
        Tools.run(dataDir, "openssl", "pkey", "-in", rootKey.toString(), "-passin", "pass:" + password, "-pubout",
                "-out", publicKey.toString()).assertSuccess();
        Tools.run(dataDir, "openssl", "x509", "-in", "bootstrap/root-ca.pem", "-pubkey", "-noout", "-out",
                "root-ca-public.pem").assertSuccess();
        assertThat(Files.readString(publicKey)).isEqualTo(Files.readString(dataDir.resolve("root-ca-public.pem")));
        assertThat(Tools.run(dataDir, "openssl", "pkey", "-in", rootKey.toString(), "-passin", "pass:wrong",
                "-noout").exitCode()).isNotZero();
    }

    @Test
    void startWhenRsaCaConfiguredThenRsaCaSignsWithSha256WithRsa() throws Exception {
        Path dataDir = ServiceTest.newDataDir("rsa");
        try (ConfigurableApplicationContext context = start(dataDir, null, "--hallmark.ca.key-algorithm=RSA_2048")) {
            HallmarkClient client = client(context, dataDir);
            var issued = client.issue(client.admin(), TestCsrs.csr().keys(TestCsrs.rsaKey(2048)).subject("CN=rsa.example")
                    .dns("rsa.example").pem(), "profile=server");
            assertThat(issued.statusCode()).isEqualTo(201);
            var leaf = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(issued.body().getBytes()));
            assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withRSA");
            // an RSA subject key may also encipher keys (TLS 1.2 RSA key exchange)
            assertThat(leaf.getKeyUsage()[0]).isTrue();
            assertThat(leaf.getKeyUsage()[2]).isTrue();
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, String password, String... extraArgs) {
        return StandaloneService.start(dataDir, password, extraArgs);
    }

    private static HallmarkClient client(ConfigurableApplicationContext context, Path dataDir) {
        return StandaloneService.client(context, dataDir);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), sha256(f));
            }
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
