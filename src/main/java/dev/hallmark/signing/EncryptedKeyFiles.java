package dev.hallmark.signing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * Private keys as files {@code <name>.key} in one directory, each encrypted with the CA password
 * ({@link EncryptedKeyFile}): the software CA keys and the service's own keys (TLS, OCSP responder).
 */
public final class EncryptedKeyFiles {

    private final Path dir;
    private final CaPassword password;
    private final int kdfIterations;

    public EncryptedKeyFiles(Path dir, CaPassword password, int kdfIterations) {
        this.dir = dir;
        this.password = password;
        this.kdfIterations = kdfIterations;
    }

    /** True when {@code dir} holds any key file, that is, when a CA password must already exist. */
    public static boolean anyIn(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".key"));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    boolean exists(String name) {
        return Files.exists(file(name));
    }

    PrivateKey read(String name) {
        return EncryptedKeyFile.read(file(name), password.chars());
    }

    void write(String name, PrivateKey key) {
        EncryptedKeyFile.write(file(name), key, password.chars(), kdfIterations);
    }

    private Path file(String name) {
        return dir.resolve(name + ".key");
    }
}
