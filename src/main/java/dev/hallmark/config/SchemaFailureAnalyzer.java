package dev.hallmark.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A database whose schema this version does not know, typically migrated by a newer Hallmark on
 * another node: one clear start-up failure instead of Flyway's stack trace.
 */
public class SchemaFailureAnalyzer extends AbstractFailureAnalyzer<FlywayValidateException> {

    private static final Pattern UNKNOWN = Pattern.compile("applied migration not resolved locally: ([^\\s,]+?)\\.?(\\s|$)");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FlywayValidateException cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        Matcher unknown = UNKNOWN.matcher(message);
        String description = unknown.find()
                ? "Hallmark cannot use the database: it was migrated by a newer Hallmark (schema version "
                        + unknown.group(1) + ", which this version does not know)"
                : "Hallmark cannot use the database: its schema does not match this version's migrations ("
                        + message.strip().lines().findFirst().orElse("") + ")";
        return new FailureAnalysis(description, "Nothing was changed. Run the newer version (the one every other node"
                + " runs) on this node; do not run Flyway's repair, which would make this older version accept the"
                + " schema.", cause);
    }
}
