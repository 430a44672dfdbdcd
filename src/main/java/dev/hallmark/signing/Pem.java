package dev.hallmark.signing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM encoding of public objects (certificates); private keys are encoded only inside signing. */
public final class Pem {

    private Pem() {
    }

    public static String certificate(byte[] der) {
        return encode(new PemObject("CERTIFICATE", der));
    }

    public static String certificates(List<X509CertificateHolder> chain) {
        StringBuilder out = new StringBuilder();
        for (X509CertificateHolder c : chain) {
            out.append(certificate(encoded(c)));
        }
        return out.toString();
    }

    public static String encode(PemObject object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static byte[] encoded(X509CertificateHolder c) {
        try {
            return c.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
