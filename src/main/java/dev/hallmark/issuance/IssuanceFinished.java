package dev.hallmark.issuance;

import dev.hallmark.audit.Outcome;
import java.time.Duration;

/**
 * Published when a request to issue has been decided, whatever the answer, for the metrics.
 *
 * @param profile the profile the request named, as sent (which may name none that exists, or be null)
 * @param outcome {@code SUCCESS} (signed, stored, committed), {@code REFUSED} (policy or the
 *     requester's credential said no) or {@code FAILED} (inside the CA: lint, storage, or an
 *     issuing CA that cannot issue, {@link IssuingCaUnavailableException})
 * @param duration from receiving the request to the decision
 */
public record IssuanceFinished(String profile, Outcome outcome, Duration duration) {
}
