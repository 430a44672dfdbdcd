package dev.hallmark.acme;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What the ACME server offers, from {@code hallmark.acme.*} (docs/acme.md).
 *
 * @param baseUrl base of the absolute URLs in answers, or null for the request's own scheme, host and port
 * @param profiles the Hallmark profiles offered as ACME profiles; the first is the default
 * @param caaIdentities issuer domain names for CAA, listed in the directory's {@code meta}
 * @param validationLease how long the node running a validation holds it; once it runs out (the node stopped), any
 *        node takes the validation over ({@code hallmark.acme.validation.lease})
 * @param finalizeLease how long a finalize holds its order in processing before it issues; once it runs out (the node
 *        stopped), any node takes the order over ({@code hallmark.acme.finalize-lease})
 */
public record AcmeSettings(URI baseUrl, List<String> profiles, boolean externalAccountRequired,
        List<String> caaIdentities, Duration validationLease, Duration finalizeLease) {

    /** How long a nonce stays good: long enough for a slow client, short enough to keep the table small. */
    public static final Duration NONCE_LIFETIME = Duration.ofHours(1);
    /** An order and its pending authorizations expire after this (Boulder's pending-authorization lifetime). */
    public static final Duration ORDER_LIFETIME = Duration.ofDays(7);
    /** A valid authorization is reused for the account's new orders for this long (RFC 8555 section 7.1.4). */
    public static final Duration VALID_AUTHORIZATION_LIFETIME = Duration.ofDays(30);

    public AcmeSettings {
        profiles = List.copyOf(profiles);
        caaIdentities = List.copyOf(caaIdentities);
        if (validationLease == null || validationLease.isNegative() || validationLease.isZero()) {
            throw new IllegalArgumentException("the validation lease must be positive");
        }
        if (finalizeLease == null || finalizeLease.isNegative() || finalizeLease.isZero()) {
            throw new IllegalArgumentException("hallmark.acme.finalize-lease must be positive");
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("hallmark.acme.profiles must name at least one profile");
        }
    }

    public String defaultProfile() {
        return profiles.get(0);
    }
}
