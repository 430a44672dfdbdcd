package dev.hallmark.signing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;

/** Reads certificates from PEM or DER bytes. */
public final class CertificateFiles {

    private CertificateFiles() {
    }

    public static X509CertificateHolder readOne(byte[] content) {
        List<X509CertificateHolder> all = readAll(content);
        if (all.isEmpty()) {
            throw new CaKeyException("no certificate found");
        }
        return all.get(0);
    }

    public static List<X509CertificateHolder> readAll(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        try {
            if (!text.contains("-----BEGIN")) {
                return List.of(wellFormed(new X509CertificateHolder(content)));
            }
            List<X509CertificateHolder> out = new ArrayList<>();
            try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(content),
                    StandardCharsets.US_ASCII))) {
                for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                    if (o instanceof X509CertificateHolder c) {
                        out.add(wellFormed(c));
                    }
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CaKeyException("not a certificate (PEM or DER): " + e.getMessage(), e);
        }
    }

    /**
     * Bouncy Castle parses a name's attributes only when they are read: read them here, so that a
     * malformed subject or issuer is refused as input rather than failing later in a message that names it.
     */
    private static X509CertificateHolder wellFormed(X509CertificateHolder certificate) {
        certificate.getSubject().toString();
        certificate.getIssuer().toString();
        return certificate;
    }
}
