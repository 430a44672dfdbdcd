package dev.hallmark.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A key pair the service generates for someone else (the first administrator, an administrator
 * without a CSR, the service's own TLS certificate). The private key stays inside this object;
 * callers get a CSR to issue through the normal path and, once, the key packaged for its owner.
 */
public final class GeneratedCredential {

    private final KeyPair keys;

    private GeneratedCredential(KeyPair keys) {
        this.keys = keys;
    }

    public static GeneratedCredential generate(KeyAlgorithm algorithm) {
        return new GeneratedCredential(algorithm.generate());
    }

    /** The public half, for certificates the service issues to itself without a CSR. */
    public org.bouncycastle.asn1.x509.SubjectPublicKeyInfo publicKeyInfo() {
        return org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    }

    /** A PKCS#10 request signed by the generated key, so issuance checks possession like any other. */
    public byte[] csr(X500Name subject) {
        return csr(subject, null);
    }

    /** As {@link #csr(X500Name)}, asking for the given subject alternative names. */
    public byte[] csr(X500Name subject, GeneralNames sans) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
            if (sans != null) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        new Extensions(new Extension(Extension.subjectAlternativeName, false, sans.getEncoded())));
            }
            return builder.build(Issuer.signer(keys.getPrivate(), SignatureAlgorithms.forKey(keys.getPublic())))
                    .getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PKCS#12 (PBES2, AES-256, HMAC-SHA256) with the key and its chain, for browsers and curl. */
    public byte[] pkcs12(String alias, List<X509CertificateHolder> chain, char[] password) {
        try {
            KeyStore store = keyStore(alias, chain, password);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build PKCS#12", e);
        }
    }

    /** The private key as unencrypted PKCS#8 PEM: only ever written to a mode 0600 file for curl. */
    public String privateKeyPem() {
        try {
            return Pem.encode(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The private key as unencrypted PKCS#8 DER (PrivateKeyInfo), for EST serverkeygen's
     * {@code application/pkcs8} part (RFC 7030 section 4.4.2): handed to its owner once, over TLS.
     */
    public byte[] privateKeyPkcs8() {
        return keys.getPrivate().getEncoded();
    }

    KeyStore keyStore(String alias, List<X509CertificateHolder> chain, char[] password) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, keys.getPrivate(), password, toJca(chain));
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void saveTo(EncryptedKeyFiles files, String name) {
        files.write(name, keys.getPrivate());
    }

    static Certificate[] toJca(List<X509CertificateHolder> chain) throws GeneralSecurityException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        X509Certificate[] out = new X509Certificate[chain.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = converter.getCertificate(chain.get(i));
        }
        return out;
    }
}
