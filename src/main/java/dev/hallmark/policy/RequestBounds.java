package dev.hallmark.policy;

import java.util.List;

/**
 * Limits a requester's credential puts on what it may ask for (an enrollment token's names, or a
 * renewal's current names): the common name and every SAN must match one of the patterns.
 *
 * @param commonName exact common name or a {@code *.suffix} pattern; null for any
 * @param sanPatterns allowed SAN values (DNS names, IPs, e-mail addresses, URIs) as exact values or
 *        {@code *.suffix} patterns; empty allows none
 */
public record RequestBounds(String commonName, List<String> sanPatterns) {

    public RequestBounds {
        sanPatterns = List.copyOf(sanPatterns);
    }
}
