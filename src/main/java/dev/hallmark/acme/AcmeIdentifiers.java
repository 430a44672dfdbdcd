package dev.hallmark.acme;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/**
 * Reads identifiers as clients send them into their normal form (RFC 8555 section 7.1.4, RFC 8738),
 * refusing what cannot be one. IP addresses are parsed as literals only, never looked up.
 */
public final class AcmeIdentifiers {

    private static final Pattern ASCII_NAME = Pattern.compile("[A-Za-z0-9*._-]+");

    private AcmeIdentifiers() {
    }

    public static OrderIdentifier parse(String type, String value) {
        if (type == null || value == null) {
            throw new AcmeException(AcmeProblem.malformed, "an identifier needs a type and a value");
        }
        return switch (type) {
            case OrderIdentifier.DNS -> dns(value);
            case OrderIdentifier.IP -> ip(value);
            default -> throw new AcmeException(AcmeProblem.unsupportedIdentifier, "identifier type '"
                    + quote(type) + "' is not supported; use dns or ip (RFC 8738)");
        };
    }

    private static OrderIdentifier dns(String value) {
        if (!ASCII_NAME.matcher(value).matches()) {
            throw new AcmeException(AcmeProblem.rejectedIdentifier, "DNS identifier '" + quote(value)
                    + "' is not an ASCII host name; internationalised names must be sent as A-labels (xn--)");
        }
        String name = value.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            throw new AcmeException(AcmeProblem.rejectedIdentifier, "DNS identifier '" + quote(value)
                    + "' ends with a dot; send the name without it");
        }
        if (IPAddress.isValid(name)) {
            throw new AcmeException(AcmeProblem.rejectedIdentifier, "'" + name + "' is an IP address; order it as an"
                    + " identifier of type ip (RFC 8738)");
        }
        boolean wildcard = name.startsWith("*.");
        String base = wildcard ? name.substring(2) : name;
        if (base.contains("*")) {
            throw new AcmeException(AcmeProblem.rejectedIdentifier, "DNS identifier '" + quote(value)
                    + "': a wildcard is allowed only as the whole first label (*.example.com)");
        }
        return new OrderIdentifier(OrderIdentifier.DNS, base, wildcard);
    }

    private static OrderIdentifier ip(String value) {
        if (value.indexOf('%') >= 0 || !(IPAddress.isValidIPv4(value) || IPAddress.isValidIPv6(value))) {
            throw new AcmeException(AcmeProblem.rejectedIdentifier, "IP identifier '" + quote(value)
                    + "' is not an IPv4 or IPv6 address literal");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new AcmeException(AcmeProblem.rejectedIdentifier, "IP identifier '" + quote(value)
                    + "' cannot be read");
        }
        if (value.indexOf(':') >= 0 && !(address instanceof Inet6Address)) {
            // the JDK turns ::ffff:a.b.c.d into the IPv4 address, which would certify another identifier
            throw new AcmeException(AcmeProblem.rejectedIdentifier, "IP identifier '" + quote(value)
                    + "' is an IPv4-mapped IPv6 address; order the IPv4 address itself");
        }
        return new OrderIdentifier(OrderIdentifier.IP, canonical(address), false);
    }

    /** The text form of an address: dotted quad, or RFC 5952 section 4 for IPv6 (lower case, longest zero run as ::). */
    public static String canonical(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestLength < 2) {
            bestStart = -1; // a single zero group is not shortened (RFC 5952 section 4.2.2)
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The canonical text of an address given as octets (an IP SAN), or null when it is not 4 or 16 octets. */
    public static String canonical(byte[] octets) {
        try {
            return octets.length == 4 || octets.length == 16 ? canonical(InetAddress.getByAddress(octets)) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String quote(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
