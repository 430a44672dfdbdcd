package dev.hallmark.web.est;

/** A refusal the EST front end detects itself, answered as EST does: a status and a text/plain reason. */
final class EstException extends RuntimeException {

    private final int status;

    EstException(int status, String message) {
        super(message);
        this.status = status;
    }

    static EstException badRequest(String message) {
        return new EstException(400, message);
    }

    static EstException forbidden(String message) {
        return new EstException(403, message);
    }

    static EstException notFound(String message) {
        return new EstException(404, message);
    }

    int status() {
        return status;
    }
}
