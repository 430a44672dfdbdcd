package dev.hallmark.enrollment;

/**
 * A new token with its secret, answered once and never stored (only its hash is).
 *
 * @param token the whole credential: {@code Authorization: Bearer <token>}, or HTTP Basic with user {@code id}
 */
public record CreatedEnrollmentToken(EnrollmentTokenView view, String token) {

    @Override
    public String toString() {
        return "CreatedEnrollmentToken[" + view.id() + ", token=****]";
    }
}
