package dev.hallmark.web.ui;

import dev.hallmark.policy.Limits;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Reading form and query fields: each problem is put under its field's name, for the page to show beside it. */
final class Forms {

    private Forms() {
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String oneOf(String value, List<String> allowed, String field, Map<String, String> errors) {
        if (value != null && !allowed.contains(value)) {
            errors.put(field, field + " must be one of " + allowed);
            return null;
        }
        return value;
    }

    static Integer number(String value, int min, int max, String field, Map<String, String> errors) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        errors.put(field, field + " must be a whole number from " + min + " to " + max);
        return null;
    }

    /** A date from a date field (the start of that day, UTC). */
    static Instant date(String value, String field, Map<String, String> errors) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "'" + Limits.quote(text) + "' is not a date (YYYY-MM-DD)");
            return null;
        }
    }
}
