package dev.hallmark.enrollment;

import dev.hallmark.policy.Limits;

/** No enrollment token with the given id. */
public final class TokenNotFoundException extends RuntimeException {

    public TokenNotFoundException(String id) {
        super("no enrollment token with id " + Limits.quote(id));
    }
}
