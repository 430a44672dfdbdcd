package dev.hallmark.enrollment;

/** An enrollment token's state as the API shows it; {@code expired} follows from the expiry time. */
public enum TokenState {
    unused, used, expired, revoked
}
