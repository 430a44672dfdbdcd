package dev.hallmark.web.est;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.util.CollectionStore;

/**
 * The bodies EST exchanges (RFC 7030 section 4): certs-only CMS, CSR attributes, and the base64
 * transfer encoding with line breaks (RFC 2045) that every EST body uses.
 */
final class EstMessages {

    private EstMessages() {
    }

    /** A certs-only CMS SignedData ("degenerate PKCS#7", RFC 5272 Simple PKI Response), DER. */
    static byte[] certsOnly(List<X509CertificateHolder> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.setDefiniteLengthEncoding(true);
            generator.addCertificates(new CollectionStore<>(certificates));
            return generator.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER);
        } catch (CMSException e) {
            throw new IllegalStateException("cannot build a certs-only CMS message", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the CA would like in a CSR (RFC 7030 section 4.5.2): an EC P-256 key signed with
     * ECDSA with SHA-256. Advice only; other keys the policy accepts are issued too.
     */
    static byte[] csrAttributes() {
        try {
            return new CsrAttrs(new AttrOrOID[] {
                new AttrOrOID(X9ObjectIdentifiers.ecdsa_with_SHA256),
                new AttrOrOID(new Attribute(X9ObjectIdentifiers.id_ecPublicKey,
                        new DERSet(SECObjectIdentifiers.secp256r1)))
            }).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base64 in lines of 64 characters, each ending in CRLF, as in RFC 7030's examples. */
    static byte[] base64(byte[] der) {
        String lines = Base64.getMimeEncoder(64, new byte[] {'\r', '\n'}).encodeToString(der);
        return (lines + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a PKCS#10 body: base64 as EST sends it (line breaks and other whitespace ignored), and
     * for the forgiving, PEM or raw DER.
     *
     * @return PEM or DER bytes for the CSR decoder
     * @throws EstException 400 when the body is neither
     */
    static byte[] csr(byte[] body) {
        if (body == null || body.length == 0) {
            throw EstException.badRequest("the request body is empty; send a base64-encoded PKCS#10 request "
                    + "(Content-Type: application/pkcs10, Content-Transfer-Encoding: base64)");
        }
        String text = new String(body, StandardCharsets.ISO_8859_1).strip();
        if (text.startsWith("-----BEGIN")) {
            return body;
        }
        String compact = text.replaceAll("\\s+", "");
        if (!compact.matches("[A-Za-z0-9+/]*={0,2}")) {
            if ((body[0] & 0xff) == 0x30) {
                return body;
            }
            throw EstException.badRequest("the request body is not base64; send the DER of a PKCS#10 request in "
                    + "base64 (openssl req -outform DER | openssl base64)");
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw EstException.badRequest("the request body is not valid base64: " + e.getMessage());
        }
    }
}
