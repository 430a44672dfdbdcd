package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key and password files: mode, content, atomic replacement, and the two forces that make them
 * survive a power cut (what a power cut itself does cannot be tested here; that the data and the
 * rename are forced, in that order, can).
 */
class SecureFilesTests {

    @TempDir
    Path dir;

    @Test
    void writeSecretWhenWrittenThenMode0600AndTheContent() throws Exception {
        Path file = dir.resolve("ca/issuing.key");
        SecureFiles.writeSecret(file, bytes("secret key"));

        assertThat(Files.readString(file)).isEqualTo("secret key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void writePublicWhenWrittenThenMode0644() throws Exception {
        Path file = dir.resolve("root.crt");
        SecureFiles.writePublic(file, bytes("certificate"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void writeSecretWhenTheFileExistsThenReplacesItWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("password");
        SecureFiles.writeSecret(file, bytes("a much longer first password\n"));
        SecureFiles.writeSecret(file, bytes("short\n"));

        assertThat(Files.readString(file)).isEqualTo("short\n");
        assertThat(names()).containsExactly("password");
    }

    @Test
    void writeSecretThenForcesTheDataBeforeTheRenameAndTheDirectoryAfterIt() throws Exception {
        Path file = dir.resolve("issuing.key");
        SecureFiles.writeSecret(file, bytes("old"));
        List<String> forced = new ArrayList<>();
        SecureFiles.Disk watching = (channel, path) -> {
            String what = path.toAbsolutePath().equals(dir.toAbsolutePath()) ? "the directory"
                    : path.getParent().equals(dir) && path.getFileName().toString().startsWith(".tmp-")
                            ? "a temporary file beside it" : path.toString();
            forced.add(what + " while the file held " + Files.readString(file));
            channel.force(true);
        };

        SecureFiles.writeSecret(file, bytes("new"), watching);

        assertThat(forced).containsExactly("a temporary file beside it while the file held old",
                "the directory while the file held new");
    }

    @Test
    void writeSecretWhenForcingTheDataFailsThenTheOldFileStaysAndNoTemporaryFileIsLeft() throws Exception {
        Path file = dir.resolve("issuing.key");
        SecureFiles.writeSecret(file, bytes("old"));
        SecureFiles.Disk failing = (channel, path) -> {
            throw new IOException("No space left on device");
        };

        assertThatThrownBy(() -> SecureFiles.writeSecret(file, bytes("new"), failing))
                .isInstanceOf(UncheckedIOException.class).hasMessage("cannot write " + file)
                .hasRootCauseMessage("No space left on device");
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(names()).containsExactly("issuing.key");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
