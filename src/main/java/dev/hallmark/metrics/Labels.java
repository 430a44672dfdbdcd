package dev.hallmark.metrics;

import dev.hallmark.audit.Outcome;
import java.util.Locale;

/** Label values as Prometheus users expect them: lower case. */
final class Labels {

    private Labels() {
    }

    static String of(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /** An issuer id ({@code ISSUING}, {@code ROOT}) as the {@code ca} label. */
    static String ca(String issuer) {
        return issuer.toLowerCase(Locale.ROOT);
    }
}
