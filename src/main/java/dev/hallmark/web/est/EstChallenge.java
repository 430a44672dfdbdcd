package dev.hallmark.web.est;

/**
 * No credential at all on an enrollment: answered 401 with {@code WWW-Authenticate: Basic} and an
 * empty body, the challenge HTTP clients (Bouncy Castle's {@code HttpAuth}, curl) answer with the
 * enrollment token.
 */
final class EstChallenge extends RuntimeException {

    EstChallenge() {
        super("authentication required", null, false, false);
    }
}
