package dev.hallmark.lint;

/** A lint that did not pass: the lint's name and what it found. */
public record LintFailure(String lint, String detail) {

    @Override
    public String toString() {
        return lint + ": " + detail;
    }
}
