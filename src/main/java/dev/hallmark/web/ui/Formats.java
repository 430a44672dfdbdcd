package dev.hallmark.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How the pages write times: UTC, to the second, and relative to now where a person wants "how long". */
public final class Formats {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Clock clock;

    Formats(Clock clock) {
        this.clock = clock;
    }

    public String instant(Instant instant) {
        return instant == null ? "" : INSTANT.format(instant);
    }

    /** The instant as an HTML {@code datetime} attribute value. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    /** "in 3 days", "5 hours ago": the largest whole unit. */
    public String relative(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration d = Duration.between(clock.instant(), instant);
        boolean future = !d.isNegative();
        String amount = amount(d.abs());
        return future ? "in " + amount : amount + " ago";
    }

    /** An age such as a CRL's: "12 minutes". */
    public String age(Instant since) {
        return since == null ? "" : amount(Duration.between(since, clock.instant()).abs());
    }

    private static String amount(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " minutes";
        }
        return d.toSeconds() + " seconds";
    }
}
