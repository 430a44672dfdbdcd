package dev.hallmark.acme.validation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.bouncycastle.asn1.ASN1OctetString;

/**
 * tls-alpn-01 (RFC 8737): a TLS handshake on the tls-alpn-01 port with SNI naming the identifier
 * (for an ip identifier its reverse-DNS name, RFC 8738 §6) and only the {@code acme-tls/1} ALPN
 * protocol offered. The server must negotiate {@code acme-tls/1} and present a certificate whose
 * subjectAltName is exactly the identifier and whose critical {@code id-pe-acmeIdentifier}
 * extension holds the SHA-256 of the key authorization.
 */
final class TlsAlpn01Validator {

    static final String ACME_TLS_1 = "acme-tls/1";
    /** id-pe-acmeIdentifier, RFC 8737 §6.1. */
    static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private final ValidationSettings settings;
    private final Connector connector;
    private final SSLSocketFactory tls;

    TlsAlpn01Validator(ValidationSettings settings, Connector connector, SSLSocketFactory tls) {
        this.settings = settings;
        this.connector = connector;
        this.tls = tls;
    }

    void validate(AcmeIdentifier identifier, String keyAuthorization, Deadline deadline) throws ValidationException {
        Connector.Host host = Connector.Host.of(identifier);
        String sni = host.literal() == null ? host.name() : reverseName(host.literal());
        Socket socket = connector.connect(host, settings.tlsAlpnPort(), deadline);
        String address = IpLiterals.urlHost(socket.getInetAddress()) + ":" + settings.tlsAlpnPort();
        String where = host.literal() == null ? host.name() + " (" + address + ")" : address;
        try {
            X509Certificate certificate = handshake(socket, sni, where, deadline);
            checkSubjectAltName(certificate, identifier, host, where);
            checkAcmeIdentifier(certificate, keyAuthorization, where);
        } finally {
            Connector.close(socket);
        }
    }

    private X509Certificate handshake(Socket socket, String sni, String where, Deadline deadline)
            throws ValidationException {
        SSLSocket ssl = null;
        try {
            ssl = (SSLSocket) tls.createSocket(socket, sni, settings.tlsAlpnPort(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(InsecureTls.PROTOCOLS);
            parameters.setApplicationProtocols(new String[] {ACME_TLS_1});
            parameters.setServerNames(List.of(new SNIHostName(sni)));
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(deadline.remainingMillis(ValidationError.connection, "in the TLS handshake"));
            ssl.startHandshake();
            String negotiated = ssl.getApplicationProtocol();
            if (!ACME_TLS_1.equals(negotiated)) {
                throw new ValidationException(ValidationError.tls, where + " did not negotiate the ALPN protocol "
                        + ACME_TLS_1 + " (it chose " + (negotiated == null || negotiated.isEmpty() ? "none"
                        : "\"" + Http01Validator.printable(negotiated) + "\"") + ")");
            }
            Certificate[] chain = ssl.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new ValidationException(ValidationError.tls, where + " presented no X.509 certificate");
            }
            return leaf;
        } catch (SocketTimeoutException e) {
            throw deadline.timedOut(ValidationError.connection, "in the TLS handshake with " + where);
        } catch (SSLException e) {
            throw new ValidationException(ValidationError.tls, "the TLS handshake with " + where + " for "
                    + ACME_TLS_1 + " failed: " + e.getMessage());
        } catch (IOException e) {
            throw new ValidationException(ValidationError.connection, "the connection to " + where + " failed: "
                    + e.getMessage());
        } finally {
            if (ssl != null) {
                Connector.close(ssl);
            }
        }
    }

    /** RFC 8737 §3: exactly one subjectAltName, the identifier (RFC 8738 §6: an iPAddress for an ip identifier). */
    private static void checkSubjectAltName(X509Certificate certificate, AcmeIdentifier identifier,
            Connector.Host host, String where) throws ValidationException {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new ValidationException(ValidationError.incorrectResponse, "the certificate from " + where
                    + " has a subjectAltName that does not parse");
        }
        String expected = (host.literal() == null ? "DNS:" : "IP:") + identifier.value();
        if (names == null || names.size() != 1) {
            throw new ValidationException(ValidationError.incorrectResponse, "the certificate from " + where
                    + " must name exactly " + expected + " in its subjectAltName; it has "
                    + (names == null ? "none" : names.size() + " names"));
        }
        List<?> name = names.iterator().next();
        int type = (Integer) name.get(0);
        String value = String.valueOf(name.get(1));
        boolean matches = host.literal() == null
                ? type == SAN_DNS && value.toLowerCase(Locale.ROOT).equals(identifier.value())
                : type == SAN_IP && host.literal().equals(IpLiterals.parse(value));
        if (!matches) {
            throw new ValidationException(ValidationError.incorrectResponse, "the certificate from " + where
                    + " names " + (type == SAN_DNS ? "DNS:" : type == SAN_IP ? "IP:" : "type " + type + ":")
                    + Http01Validator.printable(value) + ", not " + expected);
        }
    }

    /** RFC 8737 §3: the critical id-pe-acmeIdentifier extension, an OCTET STRING of SHA-256(key authorization). */
    private static void checkAcmeIdentifier(X509Certificate certificate, String keyAuthorization, String where)
            throws ValidationException {
        byte[] extension = certificate.getExtensionValue(ACME_IDENTIFIER_OID);
        if (extension == null) {
            throw new ValidationException(ValidationError.incorrectResponse, "the certificate from " + where
                    + " has no acmeIdentifier extension (" + ACME_IDENTIFIER_OID + ")");
        }
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        if (critical == null || !critical.contains(ACME_IDENTIFIER_OID)) {
            throw new ValidationException(ValidationError.incorrectResponse, "the acmeIdentifier extension of the"
                    + " certificate from " + where + " is not critical");
        }
        byte[] seen;
        try {
            // getExtensionValue gives the extnValue OCTET STRING; inside it, the Authorization OCTET STRING
            seen = ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();
        } catch (IllegalArgumentException e) {
            throw new ValidationException(ValidationError.incorrectResponse, "the acmeIdentifier extension of the"
                    + " certificate from " + where + " is not a DER OCTET STRING");
        }
        byte[] expected = Dns01Validator.sha256(keyAuthorization);
        if (!MessageDigest.isEqual(expected, seen)) {
            throw new ValidationException(ValidationError.incorrectResponse, "the acmeIdentifier extension of the"
                    + " certificate from " + where + " does not hold the SHA-256 of the key authorization");
        }
    }

    /** RFC 8738 §6: 1.0.0.127.in-addr.arpa, or the nibbles of an IPv6 address under ip6.arpa. */
    static String reverseName(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder();
        if (bytes.length == 4) {
            for (int i = 3; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            name.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.')
                    .append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
        }
        return name.append("ip6.arpa").toString();
    }
}
