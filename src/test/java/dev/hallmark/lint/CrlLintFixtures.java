package dev.hallmark.lint;

import dev.hallmark.crypto.CryptoProviders;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA and CRL builders for the CRL lint tests: each test changes one thing from a valid CRL. */
final class CrlLintFixtures {

    static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    static final byte[] SKI = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    static final X500Name CA = new X500Name("CN=Lint CA");

    private static final KeyPair KEYS = keys();
    static final X509CertificateHolder ISSUER = issuer();

    private CrlLintFixtures() {
    }

    /** A valid CRL builder: v2, AKI matching the CA, number 1, nextUpdate a day later. */
    static X509v2CRLBuilder valid() throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(CA, Date.from(NOW));
        b.setNextUpdate(Date.from(NOW.plusSeconds(86400)));
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(SKI));
        b.addExtension(Extension.cRLNumber, false, new ASN1Integer(1));
        return b;
    }

    static CrlLintTarget target(X509v2CRLBuilder builder) throws Exception {
        return new CrlLintTarget(builder.build(signer()), ISSUER);
    }

    static X509CRLHolder build(X509v2CRLBuilder builder) throws Exception {
        return builder.build(signer());
    }

    private static ContentSigner signer() throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(CryptoProviders.bouncyCastle())
                .build(KEYS.getPrivate());
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509CertificateHolder issuer() {
        try {
            var b = new JcaX509v3CertificateBuilder(CA, BigInteger.ONE, Date.from(NOW.minusSeconds(3600)),
                    Date.from(NOW.plusSeconds(86400 * 365L)), CA, KEYS.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(SKI));
            return b.build(signer());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
