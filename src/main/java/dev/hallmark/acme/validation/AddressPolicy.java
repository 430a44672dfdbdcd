package dev.hallmark.acme.validation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which addresses the validation authority may connect to (DESIGN.md): any that the resolvers give,
 * private and loopback included since a private CA validates internal names, except link-local
 * ones (169.254.0.0/16, fe80::/10: cloud metadata services live there), the unspecified address and
 * multicast. An IPv4 address hidden in an IPv6 one is judged as the IPv4 address.
 */
final class AddressPolicy {

    private AddressPolicy() {
    }

    /** @return why the address is refused, or null when the VA may connect to it */
    static String refusal(InetAddress address) {
        InetAddress judged = embeddedIpv4(address);
        if (judged.isLinkLocalAddress()) {
            return address.getHostAddress() + " is link-local, which the validation authority never contacts";
        }
        if (judged.isAnyLocalAddress()) {
            return address.getHostAddress() + " is the unspecified address";
        }
        if (judged.isMulticastAddress()) {
            return address.getHostAddress() + " is a multicast address";
        }
        return null;
    }

    /** ::a.b.c.d (IPv4-compatible) as a.b.c.d; the JDK already turns ::ffff:a.b.c.d into an IPv4 address. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            try {
                return Inet4Address.getByAddress(Arrays.copyOfRange(v6.getAddress(), 12, 16));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }
}
