package dev.hallmark.web.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** Every problem the REST API answers with: its type URI, HTTP status and a title a person can act on. */
public enum ProblemType {
    MALFORMED_CSR("malformed-csr", HttpStatus.BAD_REQUEST, "The CSR could not be read"),
    BAD_CSR_SIGNATURE("bad-csr-signature", HttpStatus.BAD_REQUEST, "The CSR's signature does not verify"),
    WEAK_KEY("weak-key", HttpStatus.BAD_REQUEST, "The key is too weak"),
    UNSUPPORTED_KEY("unsupported-key", HttpStatus.BAD_REQUEST, "The key type is not supported"),
    CA_REQUESTED("ca-requested", HttpStatus.BAD_REQUEST, "The CSR asks for a CA certificate"),
    FORBIDDEN_EXTENSION("forbidden-extension", HttpStatus.BAD_REQUEST, "The CSR asks for an extension the profile does not allow"),
    FORBIDDEN_SUBJECT("forbidden-subject", HttpStatus.BAD_REQUEST, "The subject is not allowed by the profile"),
    FORBIDDEN_NAME("forbidden-name", HttpStatus.BAD_REQUEST, "A subject alternative name is not allowed by the profile"),
    MISSING_NAME("missing-name", HttpStatus.BAD_REQUEST, "A name the profile requires is missing"),
    INVALID_VALIDITY("invalid-validity", HttpStatus.BAD_REQUEST, "The requested validity is not allowed"),
    UNKNOWN_PROFILE("unknown-profile", HttpStatus.BAD_REQUEST, "Unknown certificate profile"),
    RESTRICTED_PROFILE("restricted-profile", HttpStatus.FORBIDDEN, "This profile is not issued here"),
    OUT_OF_BOUNDS("out-of-bounds", HttpStatus.FORBIDDEN, "The request is outside what your credential allows"),
    LIMIT_EXCEEDED("limit-exceeded", HttpStatus.BAD_REQUEST, "The request exceeds a size limit of this CA"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Your credential was not accepted"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Your credential does not allow this"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "The request conflicts with the current state"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    ALREADY_REVOKED("already-revoked", HttpStatus.CONFLICT, "The certificate is already revoked"),
    LAST_ADMIN("last-admin", HttpStatus.CONFLICT, "The last active ADMIN cannot be revoked"),
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "The request is not valid"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "No acceptable representation"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    ISSUANCE_FAILED("issuance-failed", HttpStatus.INTERNAL_SERVER_ERROR, "The CA could not issue this certificate"),
    ISSUING_CA_UNAVAILABLE("issuing-ca-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "The issuing CA cannot issue this certificate"),
    CRL_UNAVAILABLE("crl-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "No valid CRL can be served right now"),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "The CA cannot answer right now; try again later"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final URI type;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.type = URI.create("urn:hallmark:problem:" + slug);
        this.status = status;
        this.title = title;
    }

    /** The generic problem for an HTTP status raised by the framework rather than by Hallmark. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : INVALID_REQUEST;
        };
    }

    public URI type() {
        return type;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
