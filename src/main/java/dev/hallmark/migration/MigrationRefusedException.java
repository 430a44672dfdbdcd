package dev.hallmark.migration;

/** migrate-db will not copy, or its copy did not match and was undone; the message says why and what to do. */
public final class MigrationRefusedException extends RuntimeException {

    MigrationRefusedException(String message) {
        super(message);
    }
}
