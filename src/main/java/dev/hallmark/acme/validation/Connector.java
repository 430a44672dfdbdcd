package dev.hallmark.acme.validation;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the TCP connection of a validation to an address the resolvers gave for a name, or to an
 * ip identifier itself: the first IPv6 address, then the first IPv4 one if that does not connect
 * (as Boulder does). A connection that opened is never retried on another address.
 */
final class Connector {

    private final DnsLookup dns;

    Connector(DnsLookup dns) {
        this.dns = dns;
    }

    /** A host to connect to: a DNS name, or an ip identifier's address ({@code literal} set). */
    record Host(String name, InetAddress literal) {

        static Host of(AcmeIdentifier identifier) throws ValidationException {
            if ("ip".equals(identifier.type())) {
                InetAddress address = IpLiterals.parse(identifier.value());
                if (address == null) {
                    throw new ValidationException(ValidationError.rejectedIdentifier, "\"" + identifier.value()
                            + "\" is not an IP address");
                }
                return new Host(address.getHostAddress(), address);
            }
            if (!"dns".equals(identifier.type())) {
                throw new ValidationException(ValidationError.rejectedIdentifier, "identifiers of type \""
                        + identifier.type() + "\" cannot be validated");
            }
            return new Host(identifier.value(), null);
        }

        /** As a URL or Host header writes it. */
        String urlHost() {
            return literal == null ? name : IpLiterals.urlHost(literal);
        }
    }

    Socket connect(Host host, int port, Deadline deadline) throws ValidationException {
        List<InetAddress> candidates;
        if (host.literal() != null) {
            String refusal = AddressPolicy.refusal(host.literal());
            if (refusal != null) {
                throw new ValidationException(ValidationError.rejectedIdentifier, refusal);
            }
            candidates = List.of(host.literal());
        } else {
            candidates = firstOfEachFamily(dns.addresses(host.name(), deadline));
        }
        List<String> failures = new ArrayList<>();
        for (InetAddress address : candidates) {
            String where = IpLiterals.urlHost(address) + ":" + port;
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port),
                        deadline.remainingMillis(ValidationError.connection, "connecting to " + where));
                return socket;
            } catch (SocketTimeoutException e) {
                close(socket);
                failures.add("timed out connecting to " + where);
            } catch (IOException e) {
                close(socket);
                failures.add("could not connect to " + where + " (" + e.getMessage() + ")");
            } catch (ValidationException e) {
                close(socket);
                failures.add(e.getMessage());
            }
        }
        throw new ValidationException(ValidationError.connection, String.join("; ", failures)
                + (host.literal() == null ? " for " + host.name() : ""));
    }

    private static List<InetAddress> firstOfEachFamily(List<InetAddress> addresses) {
        InetAddress v6 = addresses.stream().filter(a -> a instanceof Inet6Address).findFirst().orElse(null);
        InetAddress v4 = addresses.stream().filter(a -> !(a instanceof Inet6Address)).findFirst().orElse(null);
        List<InetAddress> chosen = new ArrayList<>();
        if (v6 != null) {
            chosen.add(v6);
        }
        if (v4 != null) {
            chosen.add(v4);
        }
        return chosen;
    }

    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do with a connection that failed
        }
    }
}
