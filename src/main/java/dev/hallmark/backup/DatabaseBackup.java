package dev.hallmark.backup;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * An online backup of the H2 database (H2's {@code BACKUP TO}: a consistent zip of the database file, taken while
 * the service keeps serving). It holds the CA keys, encrypted under the CA password, so the file is created mode
 * 0600 before H2 writes into it, and an existing file is never replaced. PostgreSQL is backed up with its own
 * tools ({@code pg_dump}, docs/operations.md). Every backup, made or refused, is audited as {@code database.backup}.
 */
@Service
public class DatabaseBackup {

    static final String ACTION = "database.backup";
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");

    private final DataSource dataSource;
    private final AuditLog audit;

    public DatabaseBackup(DataSource dataSource, AuditLog audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /**
     * @param target a file that does not exist yet, in a directory that does
     * @throws BackupRefusedException when the database is not H2 or the file exists (nothing is written)
     */
    public BackupFile backupTo(Path target, Actor actor) {
        Path file = target.toAbsolutePath().normalize();
        try {
            requireH2();
            create(file);
        } catch (BackupRefusedException e) {
            audit.recordAlone(actor, ACTION, file.toString(), Outcome.REFUSED, e.getMessage());
            throw e;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // BACKUP TO takes a literal, not a parameter
            statement.execute("BACKUP TO '" + file.toString().replace("'", "''") + "'");
            Files.setPosixFilePermissions(file, SECRET);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            long bytes = Files.size(file);
            audit.recordAlone(actor, ACTION, file.toString(), Outcome.SUCCESS, bytes + " bytes");
            return new BackupFile(file, bytes);
        } catch (SQLException | IOException e) {
            deleteQuietly(file);
            String reason = "the backup could not be written: " + firstLine(e.getMessage());
            audit.recordAlone(actor, ACTION, file.toString(), Outcome.FAILED, reason);
            throw new IllegalStateException(reason, e);
        }
    }

    private void requireH2() {
        String url;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database", e);
        }
        if (!url.startsWith("jdbc:h2:")) {
            throw new BackupRefusedException(notH2(url));
        }
    }

    /** The refusal for a database that is not H2, shared with the command, which says it before reaching the service. */
    public static String notH2(String url) {
        return "the database is not H2 (" + url.split("\\?", 2)[0] + "): back up PostgreSQL with pg_dump"
                + " (pg_dump -Fc -f hallmark.dump hallmark; docs/operations.md), this command backs up H2 only";
    }

    /** Created here, exclusively and 0600, so that the CA's encrypted keys are never readable by others on the way. */
    private static void create(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(SECRET));
        } catch (FileAlreadyExistsException e) {
            throw new BackupRefusedException(exists(file));
        } catch (NoSuchFileException e) {
            throw new BackupRefusedException("the directory " + file.getParent() + " does not exist");
        } catch (IOException e) {
            throw new BackupRefusedException("cannot create " + file + ": " + firstLine(e.getMessage()));
        }
    }

    public static String exists(Path file) {
        return file + " exists already; nothing was written. Choose a new file: a backup never replaces one";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown" : message.lines().findFirst().orElse("");
    }
}
