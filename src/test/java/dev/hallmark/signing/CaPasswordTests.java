package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaPasswordTests {

    @TempDir
    Path dir;

    @Test
    void resolveWhenConfiguredThenUsesItAndWritesNothing() {
        CaPassword password = CaPassword.resolve("s3cret", dir.resolve("password"), true);
        assertThat(password.chars()).containsExactly('s', '3', 'c', 'r', 'e', 't');
        assertThat(dir.resolve("password")).doesNotExist();
    }

    @Test
    void resolveWhenConfiguredIsEmptyThenFallsBackToTheFile() throws Exception {
        Files.writeString(dir.resolve("password"), "from-file\n");
        assertThat(new String(CaPassword.resolve("", dir.resolve("password"), false).chars())).isEqualTo("from-file");
    }

    @Test
    void resolveWhenFileExistsThenReadsItWithoutItsLineEnd() throws Exception {
        Files.writeString(dir.resolve("password"), "  kept \r\n");
        assertThat(new String(CaPassword.resolve(null, dir.resolve("password"), false).chars())).isEqualTo("kept");
    }

    @Test
    void resolveWhenNothingExistsAndMayGenerateThenWritesAStrongPasswordWithMode0600() throws Exception {
        Path file = dir.resolve("ca/password");
        CaPassword password = CaPassword.resolve(null, file, true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(new String(password.chars()) + "\n");
        assertThat(password.chars()).hasSize(43);
        assertThat(new String(CaPassword.resolve(null, file, false).chars())).isEqualTo(new String(password.chars()));
    }

    @Test
    void resolveWhenGeneratedTwiceInEmptyDirectoriesThenDiffers() {
        String a = new String(CaPassword.resolve(null, dir.resolve("a"), true).chars());
        String b = new String(CaPassword.resolve(null, dir.resolve("b"), true).chars());
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void resolveWhenKeysExistButNoPasswordThenRefusesAndWritesNothing() {
        Path file = dir.resolve("password");
        assertThatThrownBy(() -> CaPassword.resolve(null, file, false))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("CA keys exist but no password was given: set HALLMARK_CA_PASSWORD or restore " + file);
        assertThat(file).doesNotExist();
    }

    @Test
    void toStringWhenPrintedThenHidesThePassword() {
        assertThat(CaPassword.resolve("s3cret", dir.resolve("password"), true)).hasToString("CaPassword[****]");
    }

    @Test
    void charsWhenChangedByTheCallerThenTheStoredPasswordIsNot() {
        CaPassword password = CaPassword.resolve("s3cret", dir.resolve("password"), true);
        java.util.Arrays.fill(password.chars(), '\0');
        assertThat(new String(password.chars())).isEqualTo("s3cret");
    }
}
