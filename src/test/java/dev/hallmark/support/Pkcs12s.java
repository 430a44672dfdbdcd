package dev.hallmark.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** Packs a test key and the PEM chain the service answered into a PKCS#12 for a JDK client. */
public final class Pkcs12s {

    public static final char[] PASSWORD = "test-password".toCharArray();

    private Pkcs12s() {
    }

    public static byte[] of(KeyPair keys, String chainPem) {
        try {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)))
                    .toArray(Certificate[]::new);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", keys.getPrivate(), PASSWORD, chain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, PASSWORD);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
