package dev.hallmark.signing;

import dev.hallmark.crypto.CryptoProviders;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA certificate with its private key. Loading checks, as Boulder's issuer does, that the key
 * matches the certificate and that the certificate may sign certificates and CRLs; a CA that fails
 * these checks stops start-up instead of issuing wrong certificates.
 */
final class Issuer {

    private final X509CertificateHolder certificate;
    private final X509Certificate jcaCertificate;
    private final SigningKey key;
    private final String signatureAlgorithm;
    private final IssuerNameId nameId;

    Issuer(X509CertificateHolder certificate, SigningKey key) {
        this.certificate = certificate;
        try {
            this.jcaCertificate = new JcaX509CertificateConverter().getCertificate(certificate);
        } catch (CertificateException e) {
            throw new CaKeyException("CA certificate " + certificate.getSubject() + " cannot be parsed", e);
        }
        this.key = key;
        this.signatureAlgorithm = SignatureAlgorithms.forKey(jcaCertificate.getPublicKey());
        this.nameId = IssuerNameId.ofSubject(certificate);
        check();
    }

    private void check() {
        String name = certificate.getSubject().toString();
        BasicConstraints bc = BasicConstraints.fromExtensions(certificate.getExtensions());
        if (bc == null || !bc.isCA()) {
            throw new CaKeyException("certificate " + name + " is not a CA certificate (basicConstraints cA is not true)");
        }
        KeyUsage usage = KeyUsage.fromExtensions(certificate.getExtensions());
        if (usage != null && !(usage.hasUsages(KeyUsage.keyCertSign) && usage.hasUsages(KeyUsage.cRLSign))) {
            throw new CaKeyException("CA certificate " + name + " lacks keyCertSign or cRLSign in its key usage");
        }
        if (!keyMatches(key, jcaCertificate.getPublicKey(), signatureAlgorithm)) {
            throw new CaKeyException("the private key does not match the certificate " + name);
        }
    }

    /** Signs a challenge where the key lives and verifies it in software against the certificate's key. */
    static boolean keyMatches(SigningKey key, PublicKey publicKey, String algorithm) {
        try {
            byte[] challenge = "hallmark key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm, key.provider());
            signer.initSign(key.privateKey());
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, CryptoProviders.signatures());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A new signer with the CA key, through the provider of the key's source. */
    ContentSigner signer() {
        return key.signer(signatureAlgorithm);
    }

    /** A signer for a key the service holds in memory (its OCSP responder key, a generated credential). */
    static ContentSigner signer(PrivateKey key, String signatureAlgorithm) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(CryptoProviders.signatures()).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create a " + signatureAlgorithm + " signer", e);
        }
    }

    static PublicKey publicKey(X509CertificateHolder certificate) {
        try {
            return new JcaX509CertificateConverter().getCertificate(certificate).getPublicKey();
        } catch (CertificateException e) {
            throw new CaKeyException("CA certificate " + certificate.getSubject() + " cannot be parsed", e);
        }
    }

    X509CertificateHolder certificate() {
        return certificate;
    }

    IssuerNameId nameId() {
        return nameId;
    }

    X509Certificate jcaCertificate() {
        return jcaCertificate;
    }

    PublicKey publicKey() {
        return jcaCertificate.getPublicKey();
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    SigningKey key() {
        return key;
    }

    byte[] subjectKeyIdentifier() {
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(certificate.getExtensions());
        if (ski != null) {
            return ski.getKeyIdentifier();
        }
        return Extensions.subjectKeyIdentifier(certificate.getSubjectPublicKeyInfo()).getKeyIdentifier();
    }

    byte[] encoded() {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
