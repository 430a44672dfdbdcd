package dev.hallmark.acme.validation;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How the validation authority reaches a client's servers ({@code hallmark.acme.validation.*} and
 * {@code hallmark.acme.caa-identities}, docs/acme.md).
 *
 * @param httpPort       port of http-01 (80 in production; redirects may go to it or to 80)
 * @param tlsAlpnPort    port of tls-alpn-01 (443 in production; https redirects may go to it or to 443)
 * @param resolvers      the DNS servers every lookup goes to; empty: the system's
 * @param caaIdentities  issuer domain names of this CA, as CAA {@code issue}/{@code issuewild} name them
 * @param timeout        the longest one validation or CAA check may take, lookups included
 */
public record ValidationSettings(int httpPort, int tlsAlpnPort, List<InetSocketAddress> resolvers,
        List<String> caaIdentities, Duration timeout) {

    public ValidationSettings {
        if (httpPort < 1 || httpPort > 65535 || tlsAlpnPort < 1 || tlsAlpnPort > 65535) {
            throw new IllegalArgumentException("validation ports must be between 1 and 65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the validation timeout must be positive");
        }
        resolvers = List.copyOf(resolvers);
        caaIdentities = caaIdentities.stream().map(ValidationSettings::domain).toList();
        if (caaIdentities.isEmpty()) {
            throw new IllegalArgumentException("the CA needs at least one CAA identity");
        }
    }

    private static String domain(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
