package dev.hallmark.acme.validation;

import java.time.Duration;

/** The end of one validation: every lookup, connect and read takes what is left of it, never more. */
final class Deadline {

    private final Duration total;
    private final long endNanos;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    static Deadline after(Duration total) {
        return new Deadline(total);
    }

    /**
     * Milliseconds left, at least 1, for a socket or future timeout.
     *
     * @throws ValidationException of the given type once the time is up
     */
    int remainingMillis(ValidationError error, String doing) throws ValidationException {
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw timedOut(error, doing);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    ValidationException timedOut(ValidationError error, String doing) {
        return new ValidationException(error, "timed out " + doing + " (the validation may take "
                + total.toMillis() / 1000.0 + " s in all)");
    }
}
