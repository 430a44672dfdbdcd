package dev.hallmark.acme.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A client's tls-alpn-01 responder (RFC 8737) on 127.0.0.1 and a random port: a JDK TLS server
 * whose ALPN selector and certificate (built with Bouncy Castle) each test chooses, recording the
 * SNI and ALPN protocols the validation authority sent.
 */
final class AlpnTestServer implements AutoCloseable {

    /** How the server answers the ALPN extension. */
    enum Alpn {
        /** chooses acme-tls/1 when offered */
        ACME,
        /** ignores ALPN: the handshake completes with no protocol */
        IGNORE,
        /** refuses every offered protocol: the handshake ends with a no_application_protocol alert */
        REFUSE,
        /** takes the connection and never starts the handshake */
        SILENT
    }

    /** The certificate a responder presents. */
    record CertificateSpec(List<GeneralName> names, byte[] acmeIdentifier, boolean critical, boolean doubleWrapped) {

        /** What RFC 8737 asks for: the name alone, the critical extension with the digest. */
        static CertificateSpec valid(GeneralName name, String keyAuthorization) {
            return new CertificateSpec(List.of(name), Dns01Validator.sha256(keyAuthorization), true, true);
        }
    }

    private final SSLServerSocket server;
    private final Alpn alpn;
    private final List<String> sni = new CopyOnWriteArrayList<>();
    private final List<List<String>> offered = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private AlpnTestServer(CertificateSpec spec, Alpn alpn, int port) throws GeneralSecurityException, IOException {
        this.alpn = alpn;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        X509Certificate certificate = certificate(spec, key);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("acme", key.getPrivate(), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, 50,
                InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "test-tls-alpn-01");
        thread.setDaemon(true);
        thread.start();
    }

    static AlpnTestServer start(CertificateSpec spec, Alpn alpn) {
        return start(spec, alpn, 0);
    }

    /** On a given port (0: any free one), for a service configured with it before the responder exists. */
    static AlpnTestServer start(CertificateSpec spec, Alpn alpn, int port) {
        try {
            return new AlpnTestServer(spec, alpn, port);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> sniSeen() {
        return List.copyOf(sni);
    }

    List<List<String>> protocolsOffered() {
        return List.copyOf(offered);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                held.add(socket);
                if (alpn == Alpn.SILENT) {
                    continue;
                }
                socket.setHandshakeApplicationProtocolSelector((s, protocols) -> {
                    offered.add(List.copyOf(protocols));
                    if (s.getHandshakeSession() instanceof ExtendedSSLSession session) {
                        for (SNIServerName name : session.getRequestedServerNames()) {
                            if (name instanceof SNIHostName host) {
                                sni.add(host.getAsciiName());
                            }
                        }
                    }
                    return switch (alpn) {
                        case ACME -> protocols.contains("acme-tls/1") ? "acme-tls/1" : null;
                        case IGNORE -> "";
                        default -> null;
                    };
                });
                Thread handshake = new Thread(() -> {
                    try {
                        socket.setSoTimeout(10_000);
                        socket.startHandshake();
                        socket.getInputStream().read();    // until the validator closes
                    } catch (IOException ignored) {
                        // a refused handshake, or the validator closed
                    } finally {
                        close(socket);
                    }
                });
                handshake.setDaemon(true);
                handshake.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    static X509Certificate certificate(CertificateSpec spec, KeyPair key) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=ACME challenge"),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(7, ChronoUnit.DAYS)), new X500Name("CN=ACME challenge"), key.getPublic());
            if (!spec.names().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(spec.names().toArray(GeneralName[]::new)));
            }
            if (spec.acmeIdentifier() != null) {
                ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(TlsAlpn01Validator.ACME_IDENTIFIER_OID);
                // the extnValue is the DER of an OCTET STRING holding the digest; "single" puts the digest there bare
                byte[] value = spec.doubleWrapped() ? new DEROctetString(spec.acmeIdentifier()).getEncoded()
                        : spec.acmeIdentifier();
                builder.addExtension(new Extension(oid, spec.critical(), value));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        held.forEach(AlpnTestServer::close);
    }
}
