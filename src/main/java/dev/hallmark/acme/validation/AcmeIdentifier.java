package dev.hallmark.acme.validation;

/** An ACME identifier: type "dns" (lower-case, no trailing dot, no "*.") or "ip" (canonical text form). */
public record AcmeIdentifier(String type, String value) {
}
