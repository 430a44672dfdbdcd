package dev.hallmark.audit;

/**
 * Who asks: for an administrator {@code admin:<name>}, for a token {@code token:<id>}, for a
 * device certificate {@code cert:<serial>}, for the service itself {@code system}.
 */
public record Actor(String name, String remoteAddress) {

    public static final Actor SYSTEM = new Actor("system", null);
}
