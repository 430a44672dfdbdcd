package dev.hallmark.policy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reads exactly one PKCS#10 request (RFC 2986) from PEM or DER, refusing anything else by name. */
public final class CsrDecoder {

    private CsrDecoder() {
    }

    public static PKCS10CertificationRequest decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("the request body is empty; send a PKCS#10 CSR as PEM or DER");
        }
        String text = new String(body, StandardCharsets.ISO_8859_1).strip();
        return text.startsWith("-----BEGIN") ? fromPem(text) : fromDer(body);
    }

    private static PKCS10CertificationRequest fromPem(String text) {
        List<PemObject> objects = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw malformed("the PEM is damaged or truncated: " + safe(e.getMessage()));
        }
        if (objects.isEmpty()) {
            throw malformed("the PEM is truncated: no complete BEGIN/END block");
        }
        if (objects.size() > 1) {
            throw malformed("the PEM holds " + objects.size() + " blocks; send exactly one certificate request");
        }
        PemObject pem = objects.get(0);
        if (!pem.getType().equals("CERTIFICATE REQUEST") && !pem.getType().equals("NEW CERTIFICATE REQUEST")) {
            throw malformed("the PEM holds a " + pem.getType() + ", not a CERTIFICATE REQUEST");
        }
        return fromDer(pem.getContent());
    }

    private static PKCS10CertificationRequest fromDer(byte[] der) {
        try {
            // read one object and compare lengths: ASN1Primitive.fromByteArray threw on trailing
            // data, so this check never ran and such a body got the generic "not a PKCS#10" message
            ASN1Primitive parsed;
            try (ASN1InputStream in = new ASN1InputStream(der)) {
                parsed = in.readObject();
            }
            if (parsed == null) {
                throw malformed("the body is not a PKCS#10 certificate request (PEM or DER)");
            }
            if (parsed.getEncoded("DER").length != der.length) {
                throw malformed("the CSR is not DER-encoded or has trailing data");
            }
            return new PKCS10CertificationRequest(CertificationRequest.getInstance(parsed));
        } catch (PolicyViolationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw malformed("the body is not a PKCS#10 certificate request (PEM or DER)");
        }
    }

    private static String safe(String message) {
        return message == null ? "unreadable" : message.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static PolicyViolationException malformed(String message) {
        return new PolicyViolationException(Violation.MALFORMED_CSR, message);
    }
}
