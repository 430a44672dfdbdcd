package dev.hallmark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Taking over the CA of the openssl recipe ({@code openssl req -x509 -newkey ... -keyout ca.key -out ca.pem}):
 * the imported CA becomes the root, Hallmark creates its issuing CA under it, and certificates
 * issued afterwards verify against the old ca.pem.
 */
class ImportCaCommandTests {

    @TempDir
    Path work;

    @Test
    void importWhenOpensslRecipeCaThenNewCertificatesVerifyAgainstIt() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-subj", "/CN=Legacy Recipe CA", "-days", "3650");
        Path dataDir = ServiceTest.newDataDir("import");

        int exit = ImportCaCommand.run(new String[] {"--cert", work.resolve("ca.pem").toString(), "--key",
            work.resolve("ca.key").toString(), "--data-dir", dataDir.toString()});

        assertThat(exit).isZero();
        try (ConfigurableApplicationContext context = StandaloneService.start(dataDir, null)) {
            HallmarkClient client = StandaloneService.client(context, dataDir);
            assertThat(Files.readString(dataDir.resolve("bootstrap/root-ca.pem")).strip())
                    .isEqualTo(Files.readString(work.resolve("ca.pem")).strip());
            var issued = client.issue(client.admin(), TestCsrs.csr().subject("CN=new.example").dns("new.example").pem(),
                    "profile=server");
            assertThat(issued.statusCode()).isEqualTo(201);
            Files.writeString(work.resolve("chain.pem"), issued.body());
            Files.writeString(work.resolve("leaf.pem"), issued.body().split("(?<=-----END CERTIFICATE-----\n)")[0]);
            // the recipe's CA has no keyUsage, so -x509_strict refuses the old root itself; the chain verifies,
            // and what Hallmark issued passes strict checks up to its own issuing CA
            assertThat(openssl("verify", "-CAfile", "ca.pem", "-untrusted", "chain.pem", "leaf.pem").stdout())
                    .contains("leaf.pem: OK");
            Files.writeString(work.resolve("issuing.pem"), issued.body().split("(?<=-----END CERTIFICATE-----\n)")[1]);
            assertThat(openssl("verify", "-x509_strict", "-partial_chain", "-CAfile", "issuing.pem", "leaf.pem")
                    .stdout()).contains("leaf.pem: OK");
        }
    }

    @Test
    void importWhenEncryptedKeyThenNeedsItsPassword() {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-passout", "pass:secret",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Encrypted CA", "-days", "365");
        Path dataDir = ServiceTest.newDataDir("import-enc");
        String[] base = {"--cert", work.resolve("ca.pem").toString(), "--key", work.resolve("ca.key").toString(),
            "--data-dir", dataDir.toString()};

        assertThat(runCapturingErr(base)).contains("is encrypted: give its password with --key-password");
        String[] withPassword = java.util.stream.Stream.concat(java.util.Arrays.stream(base),
                java.util.stream.Stream.of("--key-password", "secret")).toArray(String[]::new);
        assertThat(ImportCaCommand.run(withPassword)).isZero();
        assertThat(dataDir.resolve("ca/root.key")).exists();
    }

    @Test
    void importWhenKeyDoesNotMatchThenRefusedAndNothingWritten() {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-subj", "/CN=Recipe CA", "-days", "365");
        openssl("genrsa", "-out", "other.key", "2048");
        Path dataDir = ServiceTest.newDataDir("import-mismatch");

        String err = runCapturingErr("--cert", work.resolve("ca.pem").toString(), "--key",
                work.resolve("other.key").toString(), "--data-dir", dataDir.toString());

        assertThat(err).contains("the private key does not match the certificate CN=Recipe CA");
        assertThat(dataDir.resolve("ca/root.key")).doesNotExist();
        assertThat(dataDir.resolve("ca/root.crt")).doesNotExist();
    }

    @Test
    void importWhenCertificateIsNotACaThenRefused() {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.pem",
                "-subj", "/CN=not a ca", "-days", "365", "-addext", "basicConstraints=critical,CA:FALSE");
        Path dataDir = ServiceTest.newDataDir("import-leaf");

        String err = runCapturingErr("--cert", work.resolve("leaf.pem").toString(), "--key",
                work.resolve("leaf.key").toString(), "--data-dir", dataDir.toString());

        assertThat(err).contains("is not a CA certificate (basicConstraints cA is not true)");
        assertThat(dataDir.resolve("ca/root.crt")).doesNotExist();
    }

    private String runCapturingErr(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(ImportCaCommand.run(args)).isEqualTo(1);
        } finally {
            System.setErr(original);
        }
        return captured.toString();
    }

    private Tools.Result openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        return Tools.run(work, command).assertSuccess();
    }
}
