package dev.hallmark.lint;

import dev.hallmark.crypto.CryptoProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for lint tests: a CA and a leaf that passes every RFC 5280 lint, and a builder so
 * each test changes only the part it is about.
 */
final class TestCertificates {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final X500Name CA_NAME = new X500Name("CN=Test Issuing CA,O=Hallmark Tests");
    static final KeyPair CA_KEYS = ec("secp256r1");
    static final KeyPair LEAF_KEYS = ec("secp256r1");
    static final X509CertificateHolder CA = ca(CA_NAME, CA_KEYS, NOW.plus(Duration.ofDays(3650)));

    private TestCertificates() {
    }

    /** A leaf for {@code web.example} that passes every lint, signed by {@link #CA}. */
    static Leaf leaf() {
        return new Leaf();
    }

    static LintTarget target(X509CertificateHolder certificate) {
        return new LintTarget(certificate, CA);
    }

    static final class Leaf {

        private BigInteger serial = new BigInteger("4a1f0c9e27b35d6f8e0a1b2c3d4e5f60", 16);
        private X500Name issuer = CA_NAME;
        private X500Name subject = new X500Name("CN=web.example");
        private Instant notBefore = NOW.minus(5, ChronoUnit.MINUTES);
        private Instant notAfter = NOW.plus(Duration.ofDays(90));
        private KeyPair keys = LEAF_KEYS;
        private final Map<ASN1ObjectIdentifier, Extension> extensions = new LinkedHashMap<>();

        private Leaf() {
            extension(Extension.basicConstraints, true, new BasicConstraints(false));
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            extension(Extension.subjectKeyIdentifier, false, ski(LEAF_KEYS));
            extension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ski(CA_KEYS).getKeyIdentifier()));
            extension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "web.example")));
            extension(Extension.cRLDistributionPoints, false, crl("http://ca.example/crl"));
            extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                new AccessDescription(AccessDescription.id_ad_ocsp, uri("http://ca.example/ocsp")),
                new AccessDescription(AccessDescription.id_ad_caIssuers, uri("http://ca.example/ca/issuer.crt"))}));
        }

        Leaf serial(BigInteger value) {
            this.serial = value;
            return this;
        }

        Leaf issuer(X500Name value) {
            this.issuer = value;
            return this;
        }

        Leaf subject(X500Name value) {
            this.subject = value;
            return this;
        }

        Leaf validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        Leaf keys(KeyPair value) {
            this.keys = value;
            return extension(Extension.subjectKeyIdentifier, false, ski(value));
        }

        /** Adds or replaces an extension. */
        Leaf extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            try {
                extensions.put(oid, new Extension(oid, critical, value.toASN1Primitive().getEncoded("DER")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Leaf without(ASN1ObjectIdentifier oid) {
            extensions.remove(oid);
            return this;
        }

        X509CertificateHolder build() {
            return build(CA_KEYS.getPrivate());
        }

        X509CertificateHolder build(PrivateKey signer) {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            try {
                for (Extension e : extensions.values()) {
                    b.addExtension(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sign(b, signer);
        }

        LintTarget target() {
            return TestCertificates.target(build());
        }
    }

    static X509CertificateHolder ca(X500Name name, KeyPair keys, Instant notAfter) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(0x7fff_0001_0002_0003L).shiftLeft(8),
                Date.from(NOW.minus(Duration.ofDays(1))), Date.from(notAfter), name,
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ski(keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sign(b, keys.getPrivate());
    }

    static SubjectKeyIdentifier ski(KeyPair keys) {
        return new BcX509ExtensionUtils().createSubjectKeyIdentifier(
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    }

    static CRLDistPoint crl(String url) {
        return new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(uri(url))), null, null)});
    }

    static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, CryptoProviders.bouncyCastle());
            if (size > 0) {
                g.initialize(size);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509CertificateHolder sign(X509v3CertificateBuilder b, PrivateKey key) {
        try {
            return b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(CryptoProviders.bouncyCastle())
                    .build(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
