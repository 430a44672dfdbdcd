package dev.hallmark.policy;

import java.util.List;

/**
 * Limits a requester's credential puts on what it may ask for (an enrollment token's names, a
 * renewal's current names, an ACME order's identifiers): the common name and every SAN must match
 * one of the patterns.
 *
 * @param commonName exact common name or a {@code *.suffix} pattern; null for any (but see {@code exact})
 * @param sanPatterns allowed SAN values (DNS names, IPs, e-mail addresses, URIs) as exact values or
 *        {@code *.suffix} patterns; empty allows none
 * @param exact the SANs must be exactly {@code sanPatterns}, compared as literal values (a {@code *.} name is a
 *        wildcard certificate name, not a pattern), none left out; with no {@code commonName}, the CSR's common name,
 *        if any, must be one of them (RFC 8555 section 7.4: the order's identifiers, no more and no fewer)
 */
public record RequestBounds(String commonName, List<String> sanPatterns, boolean exact) {

    public RequestBounds {
        sanPatterns = List.copyOf(sanPatterns);
    }

    public RequestBounds(String commonName, List<String> sanPatterns) {
        this(commonName, sanPatterns, false);
    }

    /** Exactly these SAN values, no more and no fewer; the common name, if the CSR has one, among them. */
    public static RequestBounds exactly(List<String> sans) {
        return new RequestBounds(null, sans, true);
    }
}
