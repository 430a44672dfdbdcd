package dev.hallmark.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically (temporary file, then rename), so a crash never leaves half a key.
 * Secret files are created with mode 0600 from the start, never chmod-ed after the fact.
 */
public final class SecureFiles {

    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private SecureFiles() {
    }

    public static void writeSecret(Path file, byte[] content) {
        write(file, content, SECRET);
    }

    public static void writePublic(Path file, byte[] content) {
        write(file, content, PUBLIC);
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp;
            try {
                tmp = Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(permissions));
            } catch (UnsupportedOperationException notPosix) {
                tmp = Files.createTempFile(dir, ".tmp-", "");
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
