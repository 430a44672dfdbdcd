package dev.hallmark.support;

import dev.hallmark.crypto.CryptoProviders;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds CSRs for tests with Bouncy Castle: a small builder so each test states only what differs. */
public final class TestCsrs {

    private String signatureAlgorithm;
    private KeyPair keys = ecKey("secp256r1");
    private X500Name subject = new X500Name("CN=test.example");
    private final List<GeneralName> sans = new ArrayList<>();
    private final ExtensionsGenerator extensions = new ExtensionsGenerator();

    public static TestCsrs csr() {
        return new TestCsrs();
    }

    public TestCsrs subject(String dn) {
        this.subject = new X500Name(dn);
        return this;
    }

    /** A subject built from ASN.1, for values Bouncy Castle will not parse from a string (a three-letter country). */
    public TestCsrs subject(X500Name name) {
        this.subject = name;
        return this;
    }

    public TestCsrs dns(String... names) {
        for (String n : names) {
            sans.add(new GeneralName(GeneralName.dNSName, n));
        }
        return this;
    }

    public TestCsrs ip(String address) {
        sans.add(new GeneralName(GeneralName.iPAddress, address));
        return this;
    }

    public TestCsrs email(String address) {
        sans.add(new GeneralName(GeneralName.rfc822Name, address));
        return this;
    }

    public TestCsrs uri(String uri) {
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        return this;
    }

    public TestCsrs extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
            org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            extensions.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * An extension whose value is these bytes as they are (the inner DER of its OCTET STRING), for values of another
     * ASN.1 type than the extension's or none at all.
     */
    public TestCsrs rawExtension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, byte[] value) {
        extensions.addExtension(new Extension(oid, critical, value));
        return this;
    }

    public TestCsrs keys(KeyPair keys) {
        this.keys = keys;
        return this;
    }

    /** Signs with this JCA algorithm (for example SHA256withRSAandMGF1 for RSA-PSS) instead of the key's usual one. */
    public TestCsrs signatureAlgorithm(String algorithm) {
        this.signatureAlgorithm = algorithm;
        return this;
    }

    public KeyPair keys() {
        return keys;
    }

    public PKCS10CertificationRequest build() {
        try {
            if (!sans.isEmpty()) {
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            var builder = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
            if (!extensions.isEmpty()) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                    : keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA"
                    : keys.getPublic().getAlgorithm().startsWith("Ed") ? "Ed25519" : "SHA256withECDSA";
            return builder.build(new JcaContentSignerBuilder(algorithm).setProvider(CryptoProviders.bouncyCastle())
                    .build(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String pem() {
        return pem(build());
    }

    public static String pem(PKCS10CertificationRequest csr) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(csr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static KeyPair ecKey(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKey(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", CryptoProviders.bouncyCastle());
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
