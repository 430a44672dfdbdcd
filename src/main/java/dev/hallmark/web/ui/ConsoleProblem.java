package dev.hallmark.web.ui;

import dev.hallmark.acme.AcmeAdministrationException;
import dev.hallmark.acme.ExternalAccountKeys;
import dev.hallmark.enrollment.InvalidTokenRequestException;
import dev.hallmark.enrollment.TokenNotFoundException;
import dev.hallmark.inventory.InvalidQueryException;
import dev.hallmark.issuance.IssuanceFailedException;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuingCaUnavailableException;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.revocation.RevocationException;
import dev.hallmark.web.problem.ProblemType;
import java.util.Map;
import java.util.Optional;

/**
 * A refusal shown on a console page: the same problem type, status, title and detail as the REST API answers for
 * the same exception (see {@code RestExceptionHandler}), so a person reads in the console what a script reads in
 * the problem document.
 */
public record ConsoleProblem(ProblemType type, String detail) {

    public int status() {
        return type.status().value();
    }

    public String title() {
        return type.title();
    }

    /** The problem of a domain exception whose message is meant for the requester; empty for anything else. */
    static Optional<ConsoleProblem> of(RuntimeException e) {
        ProblemType type = null;
        if (e instanceof PolicyViolationException p) {
            type = ProblemType.valueOf(p.violation().name());
        } else if (e instanceof IssuanceRefusedException r) {
            type = switch (r.reason()) {
                case UNAUTHENTICATED -> ProblemType.UNAUTHENTICATED;
                case FORBIDDEN -> ProblemType.FORBIDDEN;
                case CONFLICT -> ProblemType.CONFLICT;
            };
        } else if (e instanceof IssuanceFailedException) {
            type = ProblemType.ISSUANCE_FAILED;
        } else if (e instanceof IssuingCaUnavailableException) {
            type = ProblemType.ISSUING_CA_UNAVAILABLE;
        } else if (e instanceof RevocationException r) {
            type = switch (r.reason()) {
                case NOT_FOUND -> ProblemType.NOT_FOUND;
                case ALREADY_REVOKED -> ProblemType.ALREADY_REVOKED;
                case INVALID -> ProblemType.INVALID_REQUEST;
                case FORBIDDEN -> ProblemType.FORBIDDEN;
                case LAST_ADMIN -> ProblemType.LAST_ADMIN;
                case BUSY -> ProblemType.CONFLICT;
            };
        } else if (e instanceof InvalidQueryException || e instanceof InvalidTokenRequestException
                || e instanceof ExternalAccountKeys.InvalidRequestException) {
            type = ProblemType.INVALID_REQUEST;
        } else if (e instanceof TokenNotFoundException) {
            type = ProblemType.NOT_FOUND;
        } else if (e instanceof AcmeAdministrationException a) {
            type = switch (a.reason()) {
                case NOT_FOUND -> ProblemType.NOT_FOUND;
                case CONFLICT -> ProblemType.CONFLICT;
            };
        }
        return Optional.ofNullable(type).map(t -> new ConsoleProblem(t, e.getMessage()));
    }

    /** The request field a domain exception names as its cause, for the page to show the problem beside it. */
    static Optional<String> field(RuntimeException e) {
        if (e instanceof PolicyViolationException p) {
            return Optional.ofNullable(p.field());
        }
        if (e instanceof IssuanceRefusedException r) {
            return Optional.ofNullable(r.field());
        }
        if (e instanceof InvalidTokenRequestException t) {
            return Optional.of(t.field());
        }
        if (e instanceof ExternalAccountKeys.InvalidRequestException r) {
            return Optional.of(r.field());
        }
        return Optional.empty();
    }

    /** A form's errors for a refused submission: the problem's detail beside the field the exception names. */
    Map<String, String> besideField(RuntimeException e) {
        return field(e).map(f -> Map.of(f, detail)).orElse(Map.of());
    }

    static ConsoleProblem notFound(String detail) {
        return new ConsoleProblem(ProblemType.NOT_FOUND, detail);
    }

    static ConsoleProblem invalid(String detail) {
        return new ConsoleProblem(ProblemType.INVALID_REQUEST, detail);
    }
}
