package dev.hallmark.acme.validation;

import dev.hallmark.support.TestDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationEventPublisher;

/** The real validation authority pointed at a test DNS server, and what it published. */
final class ValidationFixture implements ApplicationEventPublisher {

    static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    static final String KEY_AUTHORIZATION = TOKEN + ".nP1qzpXGymHBrUEepNY9HCsQk7K8KhOypzEt62jcerQ";
    static final String CHALLENGE_PATH = "/.well-known/acme-challenge/" + TOKEN;
    static final String CA = "ca.hallmark.test";

    final List<ValidationFinished> events = new CopyOnWriteArrayList<>();

    @Override
    public void publishEvent(Object event) {
        events.add((ValidationFinished) event);
    }

    NetworkValidationAuthority authority(TestDnsServer dns, int httpPort, int tlsAlpnPort, Duration timeout) {
        return new NetworkValidationAuthority(new ValidationSettings(httpPort, tlsAlpnPort, List.of(dns.address()),
                List.of(CA), timeout), this);
    }

    static AcmeIdentifier dns(String name) {
        return new AcmeIdentifier("dns", name);
    }

    static AcmeIdentifier ip(String address) {
        return new AcmeIdentifier("ip", address);
    }

    /** A loopback port on which nothing listens (bound, then closed). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
