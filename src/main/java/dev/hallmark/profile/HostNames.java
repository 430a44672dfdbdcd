package dev.hallmark.profile;

import java.util.Locale;
import java.util.regex.Pattern;

/** DNS name syntax (RFC 1034 preferred name syntax, RFC 5280 section 4.2.1.6) and name patterns. */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private HostNames() {
    }

    /** A host name, or with {@code allowWildcard} a {@code *.} followed by at least two labels. */
    public static boolean isValid(String name, boolean allowWildcard) {
        String dns = name.toLowerCase(Locale.ROOT);
        if (dns.isEmpty() || dns.length() > 253 || dns.endsWith(".")) {
            return false;
        }
        String[] labels = dns.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            if (i == 0 && labels[0].equals("*") && allowWildcard && labels.length > 2) {
                continue;
            }
            if (!LABEL.matcher(labels[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a name falls under a pattern: {@code *} matches anything, {@code *.example.com} any
     * name below example.com (at any depth), anything else only itself; case-insensitive.
     */
    public static boolean matches(String pattern, String name) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (p.equals("*")) {
            return true;
        }
        if (p.startsWith("*.")) {
            return n.endsWith(p.substring(1)) && n.length() > p.length() - 1;
        }
        return p.equals(n);
    }
}
