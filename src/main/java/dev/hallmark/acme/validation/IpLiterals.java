package dev.hallmark.acme.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without any lookup: {@code InetAddress.getByName} would ask the
 * system's resolver for anything that is not a literal, which the VA must never do.
 */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals() {
    }

    /** @return the address, or null when {@code text} is no IPv4 or IPv6 literal (brackets allowed around IPv6) */
    static InetAddress parse(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(bare).matches();
        boolean v6 = !v4 && bare.contains(":") && IPV6.matcher(bare).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);    // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The address as a URL or Host header writes it: IPv6 in brackets. */
    static String urlHost(InetAddress address) {
        String text = address.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }
}
