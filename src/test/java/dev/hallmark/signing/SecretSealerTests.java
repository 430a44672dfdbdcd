package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSealerTests {

    @TempDir
    Path dir;

    private SecretSealer sealer(String password) {
        return SecretSealer.fromPassword(CaPassword.resolve(password, dir.resolve("unused"), false));
    }

    @Test
    void openWhenSameContextThenSecretAndSealedTextHidesIt() {
        SecretSealer sealer = sealer("correct horse");
        byte[] secret = "an hmac key of 32 bytes, really!".getBytes(StandardCharsets.US_ASCII);
        String sealed = sealer.seal(secret, "key-1");
        assertThat(sealed).startsWith("v1:").doesNotContain(Base64.getEncoder().encodeToString(secret));
        assertThat(sealer.open(sealed, "key-1")).isEqualTo(secret);
        assertThat(sealer.seal(secret, "key-1")).as("a fresh IV each time").isNotEqualTo(sealed);
    }

    @Test
    void openWhenOtherContextOtherPasswordOrChangedThenRefused() throws Exception {
        String sealed = sealer("correct horse").seal(new byte[32], "key-1");
        assertThatThrownBy(() -> sealer("correct horse").open(sealed, "key-2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer("battery staple").open(sealed, "key-1"))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String changed = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> sealer("correct horse").open(changed, "key-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer("correct horse").open("plain", "key-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir.resolve("unused"))).isFalse();
    }
}
