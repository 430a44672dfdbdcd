package dev.hallmark.policy;

import dev.hallmark.profile.HostNames;
import org.bouncycastle.util.IPAddress;

/** The name patterns that enrollment tokens and ACME EAB keys bound their certificates with. */
public final class NamePatterns {

    private NamePatterns() {
    }

    /**
     * {@code *}, a host name, a {@code *.domain} pattern ({@link HostNames#isValid} with wildcards) or an IP
     * address: what a certificate's DNS or IP SAN could match.
     */
    public static boolean isValid(String pattern) {
        return pattern.equals("*") || HostNames.isValid(pattern, true) || IPAddress.isValid(pattern);
    }
}
