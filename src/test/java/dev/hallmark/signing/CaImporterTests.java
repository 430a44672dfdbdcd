package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the files the openssl CA recipe produces, made here by the real openssl CLI. */
class CaImporterTests {

    private static final char[] KEY_PASSWORD = "recipe-secret".toCharArray();

    @TempDir
    static Path recipe;

    @TempDir
    Path data;

    @BeforeAll
    static void runTheOpensslRecipe() {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "365",
                "-subj", "/CN=Recipe RSA CA/O=Example");
        openssl("pkey", "-in", "ca.key", "-traditional", "-out", "ca-pkcs1.key");
        openssl("pkcs8", "-topk8", "-in", "ca.key", "-v2", "aes-256-cbc", "-passout", "pass:recipe-secret", "-out", "ca-enc.key");
        openssl("pkey", "-in", "ca.key", "-traditional", "-aes256", "-passout", "pass:recipe-secret", "-out", "ca-legacy.key");
        openssl("pkcs12", "-export", "-inkey", "ca.key", "-in", "ca.pem", "-passout", "pass:recipe-secret", "-out", "ca.p12");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key",
                "-out", "ec.pem", "-days", "365", "-subj", "/CN=Recipe EC CA");
        openssl("pkey", "-in", "ec.key", "-traditional", "-out", "ec-sec1.key");
        // a server certificate signed by the CA, as the recipe's next step makes one
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
                "-out", "server.csr", "-subj", "/CN=server.example");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
                "-out", "server.pem");
    }

    @Test
    void importPemWhenPkcs8KeyThenImportsTheRoot() throws Exception {
        assertImported(importer().importPem(recipe.resolve("ca.pem"), recipe.resolve("ca.key"), null), "ca.pem");
        assertThat(Files.readString(recipe.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void importPemWhenPkcs1RsaKeyThenImportsTheRoot() throws Exception {
        assertThat(Files.readString(recipe.resolve("ca-pkcs1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertImported(importer().importPem(recipe.resolve("ca.pem"), recipe.resolve("ca-pkcs1.key"), null), "ca.pem");
    }

    @Test
    void importPemWhenSec1EcKeyThenImportsTheRoot() throws Exception {
        assertThat(Files.readString(recipe.resolve("ec-sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        String subject = importer().importPem(recipe.resolve("ec.pem"), recipe.resolve("ec-sec1.key"), null);
        assertThat(subject).isEqualTo("CN=Recipe EC CA");
        assertThat(CaKeyStoreTests.store(data, CaKeyStoreTests.PASSWORD).hasRoot()).isTrue();
    }

    @Test
    void importPemWhenEncryptedPkcs8KeyThenImportsWithItsPassword() throws Exception {
        assertThat(Files.readString(recipe.resolve("ca-enc.key"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertImported(importer().importPem(recipe.resolve("ca.pem"), recipe.resolve("ca-enc.key"), KEY_PASSWORD), "ca.pem");
    }

    @Test
    void importPemWhenLegacyEncryptedPemKeyThenImportsWithItsPassword() throws Exception {
        assertThat(Files.readString(recipe.resolve("ca-legacy.key"))).contains("Proc-Type: 4,ENCRYPTED");
        assertImported(importer().importPem(recipe.resolve("ca.pem"), recipe.resolve("ca-legacy.key"), KEY_PASSWORD), "ca.pem");
    }

    @Test
    void importPkcs12WhenOpensslExportThenImportsTheRoot() throws Exception {
        assertImported(importer().importPkcs12(recipe.resolve("ca.p12"), KEY_PASSWORD), "ca.pem");
    }

    @Test
    void importPemWhenEncryptedKeyWithoutPasswordThenRefusesAndWritesNothing() {
        Path key = recipe.resolve("ca-enc.key");
        assertThatThrownBy(() -> importer().importPem(recipe.resolve("ca.pem"), key, null))
                .isInstanceOf(CaKeyException.class)
                .hasMessage(key + " is encrypted: give its password with --key-password");
        assertNothingWritten();
    }

    @Test
    void importPemWhenKeyPasswordIsWrongThenRefusesAndWritesNothing() {
        for (String name : new String[] {"ca-enc.key", "ca-legacy.key"}) {
            Path key = recipe.resolve(name);
            assertThatThrownBy(() -> importer().importPem(recipe.resolve("ca.pem"), key, "wrong".toCharArray()))
                    .isInstanceOf(CaKeyException.class)
                    .hasMessage("cannot decrypt " + key + " (wrong --key-password?)");
        }
        assertNothingWritten();
    }

    @Test
    void importPemWhenKeyBelongsToAnotherCertificateThenRefusesAndWritesNothing() {
        assertThatThrownBy(() -> importer().importPem(recipe.resolve("ca.pem"), recipe.resolve("ec.key"), null))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("the private key does not match the certificate CN=Recipe RSA CA,O=Example");
        assertNothingWritten();
    }

    @Test
    void importPemWhenCertificateIsNotACaThenRefusesAndWritesNothing() {
        assertThatThrownBy(() -> importer().importPem(recipe.resolve("server.pem"), recipe.resolve("server.key"), null))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("certificate CN=server.example is not a CA certificate (basicConstraints cA is not true)");
        assertNothingWritten();
    }

    @Test
    void importPemWhenKeyFileHoldsACertificateThenRefuses() {
        Path notAKey = recipe.resolve("ec.pem");
        assertThatThrownBy(() -> importer().importPem(recipe.resolve("ec.pem"), notAKey, null))
                .isInstanceOf(CaKeyException.class)
                .hasMessage(notAKey + " does not hold a PEM private key");
        assertNothingWritten();
    }

    @Test
    void importPkcs12WhenPasswordIsWrongThenRefusesAndWritesNothing() {
        Path p12 = recipe.resolve("ca.p12");
        assertThatThrownBy(() -> importer().importPkcs12(p12, "wrong".toCharArray()))
                .isInstanceOf(CaKeyException.class)
                .hasMessageStartingWith("cannot read PKCS#12 " + p12 + " (wrong password?): ");
        assertNothingWritten();
    }

    private CaImporter importer() {
        return new CaImporter(CaKeyStoreTests.store(data, CaKeyStoreTests.PASSWORD));
    }

    private void assertImported(String subject, String certificateFile) throws Exception {
        assertThat(subject).isEqualTo("CN=Recipe RSA CA,O=Example");
        CaKeyStore store = CaKeyStoreTests.store(data, CaKeyStoreTests.PASSWORD);
        assertThat(store.hasRoot()).isTrue();
        assertThat(CertificateFiles.readOne(Files.readAllBytes(data.resolve("root.crt"))))
                .isEqualTo(CertificateFiles.readOne(Files.readAllBytes(recipe.resolve(certificateFile))));
        // the imported key is stored encrypted under the CA password and matches the certificate
        store.createIssuing(KeyAlgorithm.EC_P256, CaKeyStoreTests.ISSUING, java.time.Duration.ofDays(30),
                java.time.Instant.now(), CaKeyStoreTests.URLS);
        assertThat(store.load().certificate(IssuerId.ISSUING).getIssuer().toString()).isEqualTo(subject);
    }

    private void assertNothingWritten() {
        assertThat(data.resolve("root.key")).doesNotExist();
        assertThat(data.resolve("root.crt")).doesNotExist();
    }

    private static void openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Tools.run(recipe, command).assertSuccess();
    }
}
