package dev.hallmark.acme.validation;

/** Why a validation step failed; its message is the detail shown to the ACME client. */
final class ValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ValidationError error;

    ValidationException(ValidationError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    ValidationError error() {
        return error;
    }
}
