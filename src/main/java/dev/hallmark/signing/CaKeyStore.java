package dev.hallmark.signing;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.lint.LintFailure;
import dev.hallmark.lint.LintTarget;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The root and issuing CA over a {@link CaKeySource}: creates them once (the root self-signed, the
 * issuing CA under it, both linted), imports an existing root, and loads them with their checks.
 * Afterwards it only loads them, so the root's fingerprint never changes.
 */
public final class CaKeyStore {

    private final CaKeySource source;

    public CaKeyStore(CaKeySource source) {
        this.source = source;
    }

    /** Where the CA keys are, for the log: a directory, a token. */
    public String location() {
        return source.location();
    }

    public boolean hasRoot() {
        return source.holds(IssuerId.ROOT);
    }

    public boolean hasIssuing() {
        return source.holds(IssuerId.ISSUING);
    }

    public void createRoot(KeyAlgorithm algorithm, X500Name subject, Duration validity, Instant now) {
        if (hasRoot()) {
            throw new CaKeyException("a root CA already exists in " + source.location());
        }
        SigningKey keys = source.generate(IssuerId.ROOT, algorithm);
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.publicKey().getEncoded());
        Instant notBefore = now.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(subject, SerialNumbers.next(), Date.from(notBefore),
                Date.from(notBefore.plus(validity)), subject, spki);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, Extensions.subjectKeyIdentifier(spki));
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
        String algorithmName = SignatureAlgorithms.forKey(keys.publicKey());
        X509CertificateHolder root = b.build(keys.signer(algorithmName));
        lint(root, root);
        source.store(IssuerId.ROOT, root, keys);
    }

    /** Makes the issuing CA, signed by the root: pathLen 0, revocation pointers to the root CRL. */
    public void createIssuing(KeyAlgorithm algorithm, X500Name subject, Duration validity, Instant now,
            PublicationUrls urls) {
        Issuer root = load(IssuerId.ROOT);
        SigningKey keys = source.generate(IssuerId.ISSUING, algorithm);
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.publicKey().getEncoded());
        Instant notBefore = now.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(validity);
        if (notAfter.isAfter(root.certificate().getNotAfter().toInstant())) {
            notAfter = root.certificate().getNotAfter().toInstant();
        }
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(root.certificate().getSubject(), SerialNumbers.next(),
                Date.from(notBefore), Date.from(notAfter), subject, spki);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, Extensions.subjectKeyIdentifier(spki));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    Extensions.authorityKeyIdentifier(root.subjectKeyIdentifier()));
            b.addExtension(Extension.cRLDistributionPoints, false, CertificateSigner.distributionPoint(urls.rootCrl()));
            b.addExtension(Extension.freshestCRL, false, CertificateSigner.distributionPoint(urls.rootDeltaCrl()));
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    new AccessDescription(AccessDescription.id_ad_caIssuers,
                            new GeneralName(GeneralName.uniformResourceIdentifier, urls.rootCertificate()))));
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
        X509CertificateHolder issuing = b.build(root.signer());
        lint(issuing, root.certificate());
        source.store(IssuerId.ISSUING, issuing, keys);
    }

    /** Takes an existing CA (for example the openssl recipe's ca.pem and ca.key) as this service's root. */
    public void importRoot(X509CertificateHolder certificate, PrivateKey key) {
        if (hasRoot()) {
            throw new CaKeyException("the data directory already holds a CA in " + source.location()
                    + "; import into an empty one");
        }
        SigningKey signingKey = SigningKey.software(key, Issuer.publicKey(certificate));
        try {
            new Issuer(certificate, signingKey);
        } catch (IllegalArgumentException e) { // a key this CA cannot sign with: refused by name, nothing stored
            throw new CaKeyException(e.getMessage() + "; a CA key must be EC P-256/P-384/P-521, RSA or Ed25519");
        }
        if (!certificate.getSubject().equals(certificate.getIssuer())) {
            throw new CaKeyException("certificate " + certificate.getSubject() + " is not self-signed; import a root CA");
        }
        source.store(IssuerId.ROOT, certificate, signingKey);
    }

    /**
     * Copies a CA from another source (the key files of an older installation) into this one: its
     * key is opened and checked against its certificate before anything is stored.
     */
    public void copy(IssuerId id, CaKeySource from) {
        if (source.holds(id)) {
            throw new CaKeyException("a " + id + " CA already exists in " + source.location());
        }
        X509CertificateHolder certificate = from.certificate(id);
        SigningKey key = from.key(id);
        new Issuer(certificate, key);
        source.store(id, certificate, key);
    }

    public CertificateAuthorities load() {
        Issuer root = load(IssuerId.ROOT);
        Issuer issuing = load(IssuerId.ISSUING);
        try {
            if (!issuing.certificate().isSignatureValid(new JcaContentVerifierProviderBuilder().build(root.publicKey()))) {
                throw new CaKeyException("the issuing CA was not signed by the root CA in " + source.location());
            }
        } catch (CertException | OperatorCreationException e) {
            throw new CaKeyException("cannot verify the issuing CA against the root CA", e);
        }
        return new CertificateAuthorities(root, issuing);
    }

    private Issuer load(IssuerId id) {
        return new Issuer(source.certificate(id), source.key(id));
    }

    private static void lint(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        List<LintFailure> failures = CertificateLinter.rfc5280().lint(new LintTarget(certificate, issuer));
        if (!failures.isEmpty()) {
            throw new CaKeyException("CA certificate " + certificate.getSubject() + " failed lints: " + failures);
        }
    }
}
