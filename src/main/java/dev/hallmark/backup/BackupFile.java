package dev.hallmark.backup;

import java.nio.file.Path;

/** A backup made: H2's zip of the database, mode 0600. */
public record BackupFile(Path path, long bytes) {
}
