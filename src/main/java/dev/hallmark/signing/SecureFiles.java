package dev.hallmark.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically and durably, so that neither a crash nor a power cut leaves half a key,
 * or loses a key or password that start-up has reported written. Secret files are created with
 * mode 0600 from the start, never chmod-ed after the fact.
 *
 * <p>In order: the content goes to a temporary file in the same directory, which is forced to
 * disk; the temporary file is renamed over the target (atomic on one file system); then the
 * directory is forced, as the rename is a change of the directory, not of the file. Without the
 * first force, a file system may commit the rename before the data (ext4 with delayed allocation,
 * XFS) and a power cut leaves an empty key file under the final name; without the second, the
 * rename itself may be lost and the new CA key with it, while the certificates it signed are
 * already recorded in the database.
 */
public final class SecureFiles {

    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    /** Forces what was written to a file or a directory to the disk; tests watch the calls. */
    interface Disk {
        void force(FileChannel channel, Path path) throws IOException;
    }

    private static final Disk FSYNC = (channel, path) -> channel.force(true);

    private SecureFiles() {
    }

    public static void writeSecret(Path file, byte[] content) {
        write(file, content, SECRET, FSYNC);
    }

    public static void writePublic(Path file, byte[] content) {
        write(file, content, PUBLIC, FSYNC);
    }

    static void writeSecret(Path file, byte[] content, Disk disk) {
        write(file, content, SECRET, disk);
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> permissions, Disk disk) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            try {
                tmp = Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(permissions));
            } catch (UnsupportedOperationException notPosix) {
                tmp = Files.createTempFile(dir, ".tmp-", "");
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                disk.force(channel, tmp);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            forceDirectory(dir, disk);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what matters; a stray .tmp- file holds no more than it would have
                }
            }
        }
    }

    /** Linux (and other POSIX systems) open a directory for reading and fsync it; Windows cannot, nor needs to. */
    private static void forceDirectory(Path dir, Disk disk) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException notOpenable) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return; // NTFS journals the rename with the file; a directory cannot be opened as a file there
            }
            throw notOpenable instanceof IOException io ? io : new IOException(notOpenable);
        }
        try (channel) {
            disk.force(channel, dir);
        }
    }
}
