package dev.hallmark.profile;

/** A profile definition breaks a hard limit; the service refuses to start with it. */
public final class InvalidProfileException extends RuntimeException {

    public InvalidProfileException(String message) {
        super(message);
    }

    /**
     * A profile whose certificates could sign OCSP answers for this CA (RFC 6960 section 4.2.2.2:
     * OCSPSigning makes a delegated responder; some clients take anyExtendedKeyUsage for it too).
     */
    public static InvalidProfileException signsOcspAnswers(String profile) {
        return new InvalidProfileException("profile '" + profile + "': end-entity profiles cannot have OCSPSigning or"
                + " anyExtendedKeyUsage; only the service's own responder certificate signs OCSP answers");
    }
}
