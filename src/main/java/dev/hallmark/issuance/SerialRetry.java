package dev.hallmark.issuance;

import dev.hallmark.storage.SerialTakenException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an issuing attempt again when, and only when, its random serial was already taken
 * ({@link SerialTakenException}); each attempt draws a new serial. Any other failure, integrity
 * errors included, ends at the first attempt: retrying cannot cure it, and it must reach the
 * requester as what it is rather than as "could not be stored" three times over.
 */
final class SerialRetry {

    /** With 126 random bits a collision is already unlikely; three in a row mean something else is wrong. */
    static final int ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(SerialRetry.class);

    private SerialRetry() {
    }

    /** @throws SerialTakenException when every attempt found its serial taken */
    static <T> T run(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (SerialTakenException e) {
                if (n == ATTEMPTS) {
                    throw e;
                }
                log.warn("serial {} was taken on attempt {}; retrying with a new serial", e.serial(), n);
            }
        }
    }
}
