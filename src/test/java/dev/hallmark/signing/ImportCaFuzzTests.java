package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.util.FileSystemUtils;

/**
 * Fuzzes {@code import-ca --cert F --key F [--key-password P]} (docs/fuzzing.md): the PEM and DER
 * certificate reader and the PEM key reader (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8 and OpenSSL's
 * legacy encryption) through {@link CaImporter#importPem}, into an empty software key store as the
 * command does. The input is the certificate file, then {@link #KEY_FILE}, then the key file; without
 * that line both files hold the whole input (one PEM holding certificate and key, as some tools write
 * them). Whatever the bytes, the import succeeds with a root the store can read back, or ends in a
 * {@link CaKeyException} (the command's "import-ca: reason", exit 1) that leaves the store empty;
 * never another exception.
 *
 * <p>The seeds in {@code ImportCaFuzzTestsInputs} are CA certificates and keys made by openssl
 * ({@code fuzz/make-import-seeds.sh}), valid pairs in every key form, mismatched pairs, a non-CA.
 */
class ImportCaFuzzTests {

    /** Where the certificate file ends and the key file begins in an input. */
    static final String KEY_FILE = "\n=====KEY FILE=====\n";
    private static final byte[] SEPARATOR = KEY_FILE.getBytes(StandardCharsets.US_ASCII);
    private static final char[] KEY_PASSWORD = "fuzz-key-password".toCharArray();

    private static Path dir;

    @BeforeAll
    static void directory() throws Exception {
        dir = Files.createTempDirectory("import-ca-fuzz");
    }

    @AfterAll
    static void removeDirectory() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }

    @FuzzTest(maxDuration = "20s")
    void importPemWhenAnyFilesThenImportedOrRefusedByName(byte[] input) throws Exception {
        int split = indexOf(input, SEPARATOR);
        Path certificate = Files.write(dir.resolve("ca.pem"), split < 0 ? input : Arrays.copyOfRange(input, 0, split));
        Path key = Files.write(dir.resolve("ca.key"), split < 0 ? input
                : Arrays.copyOfRange(input, split + SEPARATOR.length, input.length));
        Path data = dir.resolve("data");
        FileSystemUtils.deleteRecursively(data);
        CaKeyStore store = new CaKeyStore(SoftwareKeySource.in(data,
                CaPassword.resolve("fuzz-ca-password", data.resolve("password"), true), 1_000));
        try {
            String subject = new CaImporter(store).importPem(certificate, key, KEY_PASSWORD);
            assertThat(subject).isNotBlank();
            assertThat(store.hasRoot()).isTrue();
        } catch (CaKeyException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(store.hasRoot()).isFalse();
        }
    }

    private static int indexOf(byte[] input, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= input.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (input[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
