package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.crypto.CryptoProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedKeyFileTests {

    private static final char[] PASSWORD = "correct horse".toCharArray();

    @TempDir
    Path dir;

    @Test
    void writeWhenReadBackWithThePasswordThenSameKey() {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384, KeyAlgorithm.RSA_2048}) {
            KeyPair keys = algorithm.generate();
            Path file = dir.resolve(algorithm + ".key");
            EncryptedKeyFile.write(file, keys.getPrivate(), PASSWORD, 1000);
            // the encodings may differ (the EC key comes back with its curve named inside); the key is the same
            assertThat(Issuer.keyMatches(SigningKey.software(EncryptedKeyFile.read(file, PASSWORD), keys.getPublic()),
                    keys.getPublic(),
                    SignatureAlgorithms.forKey(keys.getPublic()))).as(algorithm.name()).isTrue();
        }
    }

    @Test
    void readWhenReadBackThenKeyBelongsToTheSigningProviderSoSignaturesNeedNoConversion() throws Exception {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048}) {
            Path file = dir.resolve(algorithm + "-provider.key");
            EncryptedKeyFile.write(file, algorithm.generate().getPrivate(), PASSWORD, 1000);
            Class<?> providersOwn = KeyFactory.getInstance(algorithm.name().startsWith("EC") ? "EC" : "RSA",
                    CryptoProviders.signatures()).generatePrivate(new PKCS8EncodedKeySpec(
                            algorithm.generate().getPrivate().getEncoded())).getClass();
            assertThat(EncryptedKeyFile.read(file, PASSWORD)).as(algorithm.name()).isInstanceOf(providersOwn);
        }
    }

    @Test
    void readWhenKeyIsAnotherThenDoesNotMatch() {
        Path file = dir.resolve("root.key");
        EncryptedKeyFile.write(file, KeyAlgorithm.EC_P256.generate().getPrivate(), PASSWORD, 1000);
        KeyPair other = KeyAlgorithm.EC_P256.generate();
        assertThat(Issuer.keyMatches(SigningKey.software(EncryptedKeyFile.read(file, PASSWORD), other.getPublic()),
                other.getPublic(), "SHA256withECDSA")).isFalse();
    }

    @Test
    void writeWhenWrittenThenEncryptedPkcs8PemWithMode0600() throws Exception {
        Path file = dir.resolve("root.key");
        EncryptedKeyFile.write(file, KeyAlgorithm.EC_P256.generate().getPrivate(), PASSWORD, 1000);
        assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir).isDirectoryNotContaining("glob:**/.tmp-*");
    }

    @Test
    void readWhenPasswordIsWrongThenRefusesNamingThePassword() {
        Path file = dir.resolve("root.key");
        EncryptedKeyFile.write(file, KeyAlgorithm.EC_P256.generate().getPrivate(), PASSWORD, 1000);
        assertThatThrownBy(() -> EncryptedKeyFile.read(file, "wrong".toCharArray()))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("cannot decrypt " + file + ": wrong CA password (HALLMARK_CA_PASSWORD or <data-dir>/ca/password)");
    }

    @Test
    void readWhenFileHoldsAnUnencryptedKeyThenRefuses() throws Exception {
        Path file = dir.resolve("plain.key");
        Files.writeString(file, GeneratedCredential.generate(KeyAlgorithm.EC_P256).privateKeyPem());
        assertThatThrownBy(() -> EncryptedKeyFile.read(file, PASSWORD))
                .isInstanceOf(CaKeyException.class)
                .hasMessage(file + " does not hold an encrypted PKCS#8 private key");
    }

    @Test
    void readWhenFileIsEmptyThenRefuses() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.key"));
        assertThatThrownBy(() -> EncryptedKeyFile.read(file, PASSWORD))
                .isInstanceOf(CaKeyException.class)
                .hasMessage(file + " does not hold an encrypted PKCS#8 private key");
    }
}
