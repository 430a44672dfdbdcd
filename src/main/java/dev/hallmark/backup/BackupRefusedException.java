package dev.hallmark.backup;

/** A backup that is not made, with the reason an operator can act on (another file, pg_dump). */
public final class BackupRefusedException extends RuntimeException {

    public BackupRefusedException(String message) {
        super(message);
    }
}
