package dev.hallmark.acme;

import dev.hallmark.acme.validation.AcmeIdentifier;

/**
 * An identifier of an order in its normal form: {@code dns} lower-case without a trailing dot,
 * {@code ip} in canonical text (RFC 5952 for IPv6). A wildcard keeps its base name in
 * {@code value} and says so in {@code wildcard}.
 */
public record OrderIdentifier(String type, String value, boolean wildcard) {

    public static final String DNS = "dns";
    public static final String IP = "ip";

    /** As the client sees it in an order: {@code *.example.com} for a wildcard. */
    public String displayValue() {
        return wildcard ? "*." + value : value;
    }

    /** As stored in an order: {@code type:value}, the wildcard with its {@code *.}. */
    public String stored() {
        return type + ":" + displayValue();
    }

    public AcmeIdentifier forValidation() {
        return new AcmeIdentifier(type, value);
    }

    public static OrderIdentifier parseStored(String stored) {
        int colon = stored.indexOf(':');
        String type = stored.substring(0, colon);
        String value = stored.substring(colon + 1);
        boolean wildcard = value.startsWith("*.");
        return new OrderIdentifier(type, wildcard ? value.substring(2) : value, wildcard);
    }
}
