package dev.hallmark.signing.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.HallmarkCommand;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceProcess;
import dev.hallmark.support.SoftHsm;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA keys in a PKCS#11 token (SoftHSM2, initialised here): generated in the token on the
 * first start, sensitive and never extractable; certificates, CRLs and OCSP answers checked with
 * openssl; concurrent issuance through the one logged-in provider; a restart finds the same CA by
 * its labels; a wrong PIN or a missing token stops start-up with one line and creates nothing.
 * The service runs as a process of its own, since SoftHSM2 reads SOFTHSM2_CONF once per process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Pkcs11KeyStoreTests {

    private static final String TOKEN = "hallmark-ca";
    private static final String PIN = "24681357";

    @TempDir
    static Path dir;

    private static SoftHsm hsm;
    private static Path dataDir;
    private static ServiceProcess service;

    @BeforeAll
    static void firstStart() {
        hsm = SoftHsm.create(dir.resolve("softhsm"));
        hsm.initToken(TOKEN, PIN);
        dataDir = dir.resolve("data");
        service = start(dataDir, PIN, TOKEN);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void startWhenFirstStartThenCaKeysAreMadeInTheTokenSensitiveAndNeverExtractable() throws Exception {
        Map<String, String> privateKeys = objects("Private Key Object");
        assertThat(privateKeys).containsOnlyKeys("hallmark-root", "hallmark-issuing");
        for (String block : privateKeys.values()) {
            // CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE true, CKA_EXTRACTABLE false, CKA_LOCAL
            // (generated in the token); a CA key signs and does nothing else
            assertThat(block).contains("Usage:      sign\n")
                    .contains("Access:     sensitive, always sensitive, never extractable, local\n");
        }
        assertThat(objects("Certificate Object")).containsOnlyKeys("hallmark-root", "hallmark-issuing");

        // the root certificate's key is the token's key
        Path publicKey = dir.resolve("root-public.der");
        hsm.pkcs11Tool("--token-label", TOKEN, "--login", "--pin", PIN, "--read-object", "--type", "pubkey",
                "--label", "hallmark-root", "--output-file", publicKey.toString()).assertSuccess();
        X509Certificate root = certificates(Files.readString(dataDir.resolve("bootstrap/root-ca.pem"))).get(0);
        assertThat(Files.readAllBytes(publicKey)).isEqualTo(root.getPublicKey().getEncoded());

        assertThat(dataDir.resolve("ca/root.key")).doesNotExist();
        assertThat(dataDir.resolve("ca/issuing.key")).doesNotExist();
        assertThat(service.output()).contains("CA keys: PKCS#11 token 'hallmark-ca'");
    }

    @Test
    @Order(2)
    void issueWhenKeysInTheTokenThenOpensslVerifiesCertificateCrlAndOcsp() {
        Revocations revocations = new Revocations(service.client(), dir.resolve("openssl"));
        var leaf = revocations.issue("hsm.example", "server", "hsm.example");
        Path work = revocations.dir();
        Tools.run(work, "openssl", "verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted",
                leaf.chainFile().toString(), leaf.certFile().toString()).assertSuccess();

        Tools.Result good = ocsp(work, leaf.certFile());
        assertThat(good.stdout()).contains(": good");
        assertThat(good.stderr()).contains("Response verify OK");

        revocations.revoke(leaf.serial(), "keyCompromise");
        Tools.Result revoked = ocsp(work, leaf.certFile());
        assertThat(revoked.stdout()).contains(": revoked", "Reason: keyCompromise");
        assertThat(revoked.stderr()).contains("Response verify OK");

        revocations.fetchTo("/crl", "issuing.crl");
        revocations.fetchTo("/crl/root", "root.crl");
        Tools.Result crl = Tools.run(work, "openssl", "crl", "-inform", "DER", "-in", "issuing.crl", "-CAfile",
                "ca-chain.pem", "-noout", "-verify", "-text").assertSuccess();
        assertThat(crl.stderr() + crl.stdout()).contains("verify OK");
        assertThat(crl.stdout()).contains("Serial Number: " + leaf.serial(), "Key Compromise");
        Tools.Result rootCrl = Tools.run(work, "openssl", "crl", "-inform", "DER", "-in", "root.crl", "-CAfile",
                "root.pem", "-noout", "-verify").assertSuccess();
        assertThat(rootCrl.stderr() + rootCrl.stdout()).contains("verify OK");
    }

    @Test
    @Order(3)
    void issueWhenEightClientsAtOnceThenEverySignatureMadeThroughTheOneLogin() throws Exception {
        HallmarkClient client = service.client();
        var admin = client.admin();
        X509Certificate issuing = certificates(Files.readString(dataDir.resolve("bootstrap/ca-chain.pem"))).get(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<X509Certificate>> issued = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String name = "load-" + i + ".example";
            issued.add(pool.submit(() -> {
                var response = client.issue(admin, TestCsrs.csr().subject("CN=" + name).dns(name).pem(), "profile=server");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                return certificates(response.body()).get(0);
            }));
        }
        Set<java.math.BigInteger> serials = new HashSet<>();
        for (Future<X509Certificate> f : issued) {
            X509Certificate leaf = f.get();
            leaf.verify(issuing.getPublicKey());
            serials.add(leaf.getSerialNumber());
        }
        pool.shutdown();
        assertThat(serials).hasSize(80);
        assertThat(service.output()).doesNotContain("CKR_").doesNotContain("ERROR");
    }

    @Test
    @Order(4)
    void startWhenRestartedThenSameCaFoundInTheTokenAndNoCaKeyOnDiskOrInTheDatabase() throws Exception {
        String objectsBefore = hsm.listObjects(TOKEN, PIN);
        byte[] rootBefore = Files.readAllBytes(dataDir.resolve("bootstrap/root-ca.pem"));
        byte[] chainBefore = Files.readAllBytes(dataDir.resolve("bootstrap/ca-chain.pem"));
        service.close();

        assertNoCaPrivateKeyIn(dataDir);

        service = start(dataDir, PIN, TOKEN);
        assertThat(Files.readAllBytes(dataDir.resolve("bootstrap/root-ca.pem"))).isEqualTo(rootBefore);
        assertThat(Files.readAllBytes(dataDir.resolve("bootstrap/ca-chain.pem"))).isEqualTo(chainBefore);
        assertThat(hsm.listObjects(TOKEN, PIN)).isEqualTo(objectsBefore);
        assertThat(service.output()).doesNotContain("creating a");
        HallmarkClient client = service.client();
        var response = client.issue(client.admin(), TestCsrs.csr().subject("CN=after-restart.example")
                .dns("after-restart.example").pem(), "profile=server");
        assertThat(response.statusCode()).isEqualTo(201);
        certificates(response.body()).get(0).verify(certificates(new String(chainBefore, StandardCharsets.US_ASCII))
                .get(0).getPublicKey());
    }

    @Test
    @Order(5)
    void createAdminWhenKeysInTheTokenThenIssuesWithTheTokensIssuingCa() throws Exception {
        service.close();
        HallmarkCommand.Result result = HallmarkCommand.run(dir.resolve("command"), environment(PIN), "create-admin",
                "--name", "carol", "--data-dir", dataDir.toString(), "--hallmark.ca.kdf-iterations=10000",
                pkcs11Arguments(TOKEN)[0], pkcs11Arguments(TOKEN)[1], pkcs11Arguments(TOKEN)[2]);

        assertThat(result.exitCode()).as(result.stderr() + result.stdout()).isZero();
        Tools.run(dataDir, "openssl", "verify", "-x509_strict", "-CAfile", "bootstrap/root-ca.pem", "-untrusted",
                "bootstrap/ca-chain.pem", "bootstrap/carol.crt").assertSuccess();
        service = start(dataDir, PIN, TOKEN);
    }

    @Test
    @Order(6)
    void startWhenPinIsWrongThenStopsWithOneClearLineAndCreatesNothing() {
        String objectsBefore = hsm.listObjects(TOKEN, PIN);
        Path fresh = dir.resolve("wrong-pin");

        Tools.Result result = ServiceProcess.startExpectingExit(fresh, dir.resolve("logs"), environment("11112222"),
                pkcs11Arguments(TOKEN));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).contains(
                "Hallmark cannot use its CA: wrong PIN for PKCS#11 token 'hallmark-ca' (HALLMARK_PKCS11_PIN)\n");
        assertOneLineWithoutStackTrace(result.stdout(), "Hallmark cannot use its CA:");
        assertThat(fresh).doesNotExist();
        assertThat(hsm.listObjects(TOKEN, PIN)).isEqualTo(objectsBefore);
    }

    @Test
    @Order(7)
    void startWhenTokenIsMissingThenStopsWithOneClearLineAndCreatesNothing() {
        String objectsBefore = hsm.listObjects(TOKEN, PIN);
        Path fresh = dir.resolve("missing-token");

        Tools.Result result = ServiceProcess.startExpectingExit(fresh, dir.resolve("logs"), environment(PIN),
                pkcs11Arguments("no-such-token"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).contains("Hallmark cannot use its CA: no PKCS#11 token labelled 'no-such-token' in "
                + hsm.modulePath() + " (tokens: ['hallmark-ca'])\n");
        assertOneLineWithoutStackTrace(result.stdout(), "Hallmark cannot use its CA:");
        assertThat(fresh).doesNotExist();
        assertThat(hsm.listObjects(TOKEN, PIN)).isEqualTo(objectsBefore);
    }

    /**
     * An existing RSA CA whose key and certificate an operator put into the token (OpenSC's
     * pkcs11-tool, one {@code CKA_ID}) is taken over as the root by its label; the issuing key is
     * generated beside it, as RSA in the token; certificates, CRLs and OCSP answers signed with
     * both RSA keys verify with openssl.
     */
    @Test
    @Order(8)
    void startWhenAnExistingRsaCaWasPutIntoTheTokenThenItIsTakenOverByItsLabelAndIssuesWithRsaKeysThere()
            throws Exception {
        String token = "legacy-ca";
        hsm.initToken(token, PIN);
        Path work = Files.createDirectories(dir.resolve("legacy"));
        // the openssl recipe's CA, then moved into the token with OpenSC's tools, key and certificate under one id
        Tools.run(work, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", "ca.key")
                .assertSuccess();
        Tools.run(work, "openssl", "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-subj",
                "/CN=Legacy Root CA/O=Example", "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.pem").assertSuccess();
        Tools.run(work, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "ca.key", "-outform", "DER", "-out", "ca-key.der")
                .assertSuccess();
        Tools.run(work, "openssl", "x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der").assertSuccess();
        hsm.pkcs11Tool("--token-label", token, "--login", "--pin", PIN, "--write-object", work.resolve("ca-key.der")
                .toString(), "--type", "privkey", "--id", "4c01", "--label", "legacy-root", "--usage-sign").assertSuccess();
        hsm.pkcs11Tool("--token-label", token, "--login", "--pin", PIN, "--write-object", work.resolve("ca.der")
                .toString(), "--type", "cert", "--id", "4c01", "--label", "legacy-root").assertSuccess();
        Files.delete(work.resolve("ca.key"));
        Files.delete(work.resolve("ca-key.der"));
        Path data = dir.resolve("legacy-data");

        try (ServiceProcess legacy = ServiceProcess.start(data, dir.resolve("logs"), environment(PIN),
                "--hallmark.ca.key-store=pkcs11", "--hallmark.ca.pkcs11.library=" + hsm.modulePath(),
                "--hallmark.ca.pkcs11.token-label=" + token, "--hallmark.ca.pkcs11.root-key-label=legacy-root",
                "--hallmark.ca.key-algorithm=RSA_2048")) {
            assertThat(certificates(Files.readString(data.resolve("bootstrap/root-ca.pem"))).get(0).getEncoded())
                    .isEqualTo(Files.readAllBytes(work.resolve("ca.der")));
            X509Certificate issuing = certificates(Files.readString(data.resolve("bootstrap/ca-chain.pem"))).get(0);
            assertThat(issuing.getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(issuing.getSigAlgName()).isEqualTo("SHA256withRSA");
            Tools.run(work, "openssl", "verify", "-x509_strict", "-CAfile", "ca.pem",
                    data.resolve("bootstrap/ca-chain.pem").toString()).assertSuccess();

            Revocations revocations = new Revocations(legacy.client(), work.resolve("openssl"));
            var leaf = revocations.issue("legacy.example", "server", "legacy.example");
            assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
            Path checks = revocations.dir();
            Tools.run(checks, "openssl", "verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted",
                    leaf.chainFile().toString(), leaf.certFile().toString()).assertSuccess();
            revocations.revoke(leaf.serial(), "superseded");
            Tools.Result revoked = ocsp(legacy.client(), checks, leaf.certFile());
            assertThat(revoked.stdout()).contains(": revoked", "Reason: superseded");
            assertThat(revoked.stderr()).contains("Response verify OK");
            revocations.fetchTo("/crl", "issuing.crl");
            revocations.fetchTo("/crl/root", "root.crl");
            Tools.Result crl = Tools.run(checks, "openssl", "crl", "-inform", "DER", "-in", "issuing.crl", "-CAfile",
                    "ca-chain.pem", "-noout", "-verify", "-text").assertSuccess();
            assertThat(crl.stderr() + crl.stdout()).contains("verify OK");
            assertThat(crl.stdout()).contains("sha256WithRSAEncryption", "Serial Number: " + leaf.serial());
            Tools.Result rootCrl = Tools.run(checks, "openssl", "crl", "-inform", "DER", "-in", "root.crl", "-CAfile",
                    "root.pem", "-noout", "-verify", "-text").assertSuccess();
            assertThat(rootCrl.stderr() + rootCrl.stdout()).contains("verify OK");
            assertThat(rootCrl.stdout()).contains("Issuer: CN = Legacy Root CA", "sha256WithRSAEncryption");
        }
        Map<String, String> privateKeys = objects(token, "Private Key Object");
        assertThat(privateKeys).containsOnlyKeys("legacy-root", "hallmark-issuing");
        assertThat(privateKeys.get("legacy-root")).startsWith("Private Key Object; RSA");
        assertThat(privateKeys.get("hallmark-issuing")).startsWith("Private Key Object; RSA")
                .contains("Access:     sensitive, always sensitive, never extractable, local\n");
        assertThat(objects(token, "Certificate Object")).containsOnlyKeys("legacy-root", "hallmark-issuing");
    }

    private static ServiceProcess start(Path data, String pin, String token) {
        return ServiceProcess.start(data, dir.resolve("logs"), environment(pin), pkcs11Arguments(token));
    }

    private static Map<String, String> environment(String pin) {
        Map<String, String> environment = new HashMap<>(hsm.environment());
        environment.put("HALLMARK_PKCS11_PIN", pin);
        return environment;
    }

    private static String[] pkcs11Arguments(String token) {
        return new String[] {"--hallmark.ca.key-store=pkcs11", "--hallmark.ca.pkcs11.library=" + hsm.modulePath(),
            "--hallmark.ca.pkcs11.token-label=" + token};
    }

    /** The token's objects of one kind, by label, each with its pkcs11-tool description. */
    private static Map<String, String> objects(String kind) {
        return objects(TOKEN, kind);
    }

    private static Map<String, String> objects(String token, String kind) {
        Map<String, String> byLabel = new HashMap<>();
        for (String block : hsm.listObjects(token, PIN).split("\n(?=\\S)")) {
            if (block.startsWith(kind)) {
                byLabel.put(Revocations.find(block, "label:\\s+(\\S+)"), block + "\n");
            }
        }
        return byLabel;
    }

    /**
     * No file of the data directory holds a PEM private key other than the service's own (TLS, OCSP)
     * and the administrator's; the database's {@code ca_key} table, where software CA keys are kept
     * encrypted, holds the two CA certificates the token holds and no key; and the whole H2
     * database, dumped as SQL, holds no private key at all (a software CA's rows would show
     * {@code ENCRYPTED PRIVATE KEY} there).
     */
    private static void assertNoCaPrivateKeyIn(Path data) throws Exception {
        Set<String> withKeys = new HashSet<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                if (new String(content, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----")) {
                    withKeys.add(data.relativize(file).toString());
                }
            }
        }
        assertThat(withKeys).containsExactlyInAnyOrder("ca/tls.key", "ca/ocsp.key", "bootstrap/admin.key");
        Map<String, byte[]> tokenCertificates = Map.of("ROOT", tokenCertificate("hallmark-root"), "ISSUING",
                tokenCertificate("hallmark-issuing"));
        Path dump = dir.resolve("database.sql");
        try (var connection = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db/hallmark"), "hallmark", "");
             var statement = connection.createStatement()) {
            Map<String, byte[]> recorded = new HashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT role, certificate, encrypted_key FROM ca_key")) {
                while (rows.next()) {
                    assertThat(rows.getString("encrypted_key")).as("ca_key.encrypted_key of " + rows.getString(1))
                            .isNull();
                    recorded.put(rows.getString("role"), rows.getBytes("certificate"));
                }
            }
            assertThat(recorded).containsOnlyKeys("ROOT", "ISSUING");
            tokenCertificates.forEach((issuer, der) -> assertThat(recorded.get(issuer)).as(issuer).isEqualTo(der));
            statement.execute("SCRIPT TO '" + dump + "'");
        }
        assertThat(Files.readString(dump, StandardCharsets.ISO_8859_1)).contains("\"PUBLIC\".\"CA_KEY\"")
                .doesNotContain("PRIVATE KEY");
    }

    /** The DER certificate stored in the token under {@code label}, read with pkcs11-tool. */
    private static byte[] tokenCertificate(String label) throws Exception {
        Path file = Files.createTempFile(dir, label, ".der");
        hsm.pkcs11Tool("--token-label", TOKEN, "--read-object", "--type", "cert", "--label", label, "--output-file",
                file.toString()).assertSuccess();
        return Files.readAllBytes(file);
    }

    /** A refused start prints its reason once, on one line, and no stack trace. */
    private static void assertOneLineWithoutStackTrace(String output, String reason) {
        assertThat(output.lines().filter(line -> line.contains(reason))).hasSize(1);
        assertThat(output).doesNotContain("\tat ").doesNotContain("Caused by:");
    }

    private static Tools.Result ocsp(Path work, Path certificate) {
        return ocsp(service.client(), work, certificate);
    }

    private static Tools.Result ocsp(HallmarkClient client, Path work, Path certificate) {
        return Tools.run(work, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", certificate.toString(), "-url",
                client.http("/ocsp").toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem")
                .assertSuccess();
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
    }
}
