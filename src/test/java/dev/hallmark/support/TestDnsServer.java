package dev.hallmark.support;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on loopback (UDP and TCP on one random port) for the ACME tests:
 * A, AAAA, TXT, CAA and CNAME records set by the test, CNAMEs chased inside an answer as an
 * authoritative server does, answers too long for UDP truncated (TC) so the client asks over TCP,
 * and names that answer SERVFAIL or never answer at all.
 */
public final class TestDnsServer implements AutoCloseable {

    private static final long TTL = 60;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private volatile boolean chase = true;
    private volatile boolean closed;

    private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        Thread udpThread = new Thread(this::serveUdp, "test-dns-udp");
        udpThread.setDaemon(true);
        udpThread.start();
        Thread tcpThread = new Thread(this::serveTcp, "test-dns-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    /** Binds TCP on a free port of 127.0.0.1, then UDP on the same port (tried again if UDP's is taken). */
    public static TestDnsServer start() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket tcp = null;
            try {
                tcp = new ServerSocket(0, 50, loopback);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
                return new TestDnsServer(udp, tcp);
            } catch (SocketException e) {
                close(tcp);
            } catch (IOException e) {
                close(tcp);
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP");
    }

    public int port() {
        return tcp.getLocalPort();
    }

    /** As {@code hallmark.acme.validation.dns-resolvers} names it. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    public TestDnsServer a(String name, String... addresses) {
        for (String address : addresses) {
            add(new ARecord(name(name), DClass.IN, TTL, literal(address)));
        }
        return this;
    }

    public TestDnsServer aaaa(String name, String... addresses) {
        for (String address : addresses) {
            add(new AAAARecord(name(name), DClass.IN, TTL, literal(address)));
        }
        return this;
    }

    /** One TXT record per value; a value longer than 255 characters is split into several strings. */
    public TestDnsServer txt(String name, String... values) {
        for (String value : values) {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < value.length(); i += 255) {
                strings.add(value.substring(i, Math.min(value.length(), i + 255)));
            }
            add(new TXTRecord(name(name), DClass.IN, TTL, strings.isEmpty() ? List.of("") : strings));
        }
        return this;
    }

    public TestDnsServer caa(String name, int flags, String tag, String value) {
        add(new CAARecord(name(name), DClass.IN, TTL, flags, tag, value));
        return this;
    }

    public TestDnsServer cname(String name, String target) {
        add(new CNAMERecord(name(name), DClass.IN, TTL, name(target)));
        return this;
    }

    /** The name answers SERVFAIL to every query. */
    public TestDnsServer servfail(String name) {
        servfail.add(name(name));
        return this;
    }

    /** The name is never answered, over UDP or TCP. */
    public TestDnsServer silent(String name) {
        silent.add(name(name));
        return this;
    }

    /** Whether an answer carries the records a CNAME leads to (as an authoritative server does) or the CNAME alone. */
    public TestDnsServer chaseAliases(boolean chase) {
        this.chase = chase;
        return this;
    }

    /** Forgets every record and behaviour. */
    public void clear() {
        chase = true;
        zone.clear();
        servfail.clear();
        silent.clear();
        queries.clear();
        tcpQueries.set(0);
    }

    /** The queries received, as {@code name TYPE} (name without the trailing dot). */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    private void add(Record record) {
        zone.computeIfAbsent(record.getName(), n -> new CopyOnWriteArrayList<>()).add(record);
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);    // test literals only
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** The answer, or null to stay silent. */
    private Message answer(Message query) {
        Record question = query.getQuestion();
        if (question == null) {
            Message error = new Message(query.getHeader().getID());
            error.getHeader().setFlag(Flags.QR);
            error.getHeader().setRcode(Rcode.FORMERR);
            return error;
        }
        Name qname = question.getName();
        int qtype = question.getType();
        queries.add(qname.toString(true) + " " + Type.string(qtype));
        if (silent.contains(qname)) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        if (servfail.contains(qname)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        Name current = qname;
        Set<Name> chased = new HashSet<>();
        while (chased.add(current)) {
            List<Record> records = zone.get(current);
            if (records == null) {
                if (current.equals(qname)) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                break;
            }
            boolean aliased = false;
            for (Record record : records) {
                if (record.getType() == qtype) {
                    response.addRecord(record, Section.ANSWER);
                }
            }
            if (qtype != Type.CNAME && response.getSection(Section.ANSWER).stream().noneMatch(r -> r.getType() == qtype)) {
                for (Record record : records) {
                    if (record instanceof CNAMERecord cname) {
                        response.addRecord(record, Section.ANSWER);
                        current = cname.getTarget();
                        aliased = true;
                        break;
                    }
                }
            }
            if (!aliased || !chase || silent.contains(current) || servfail.contains(current)) {
                break;
            }
        }
        return response;
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                if (response == null) {
                    continue;
                }
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                byte[] wire = response.toWire(limit);    // sets TC when cut
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                Thread connection = new Thread(() -> serveTcp(socket), "test-dns-tcp-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] wire = in.readNBytes(length);
                tcpQueries.incrementAndGet();
                Message response = answer(new Message(wire));
                if (response == null) {
                    Thread.sleep(60_000);
                    return;
                }
                byte[] answer = response.toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        close(tcp);
    }

    private static void close(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
