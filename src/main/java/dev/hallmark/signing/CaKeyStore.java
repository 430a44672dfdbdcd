package dev.hallmark.signing;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.lint.LintFailure;
import dev.hallmark.lint.LintTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
 * The CA keys and certificates on disk under {@code <data-dir>/ca}: {@code root.crt},
 * {@code root.key}, {@code issuing.crt}, {@code issuing.key}, keys encrypted with the CA password.
 * Creates them once; afterwards only loads them, so the root's fingerprint never changes.
 */
public final class CaKeyStore {

    private final Path dir;
    private final CaPassword password;
    private final int kdfIterations;

    public CaKeyStore(Path dir, CaPassword password, int kdfIterations) {
        this.dir = dir;
        this.password = password;
        this.kdfIterations = kdfIterations;
    }

    /** True when the directory holds a root CA key, that is, when a password must already exist. */
    public static boolean holdsKeys(Path dir) {
        return Files.exists(dir.resolve("root.key"));
    }

    public boolean hasRoot() {
        return Files.exists(rootCert()) && Files.exists(dir.resolve("root.key"));
    }

    public boolean hasIssuing() {
        return Files.exists(dir.resolve("issuing.crt")) && Files.exists(dir.resolve("issuing.key"));
    }

    public void createRoot(KeyAlgorithm algorithm, X500Name subject, Duration validity, Instant now) {
        if (hasRoot()) {
            throw new CaKeyException("a root CA already exists in " + dir);
        }
        KeyPair keys = algorithm.generate();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
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
        String algorithmName = SignatureAlgorithms.forKey(keys.getPublic());
        X509CertificateHolder root = b.build(Issuer.signer(keys.getPrivate(), algorithmName));
        lint(root, root);
        store("root", root, keys.getPrivate());
    }

    /** Makes the issuing CA, signed by the root: pathLen 0, revocation pointers to the root CRL. */
    public void createIssuing(KeyAlgorithm algorithm, X500Name subject, Duration validity, Instant now,
            PublicationUrls urls) {
        Issuer root = load("root");
        KeyPair keys = algorithm.generate();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
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
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    new AccessDescription(AccessDescription.id_ad_caIssuers,
                            new GeneralName(GeneralName.uniformResourceIdentifier, urls.rootCertificate()))));
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
        X509CertificateHolder issuing = b.build(root.signer());
        lint(issuing, root.certificate());
        store("issuing", issuing, keys.getPrivate());
    }

    /** Takes an existing CA (for example the openssl recipe's ca.pem and ca.key) as this service's root. */
    public void importRoot(X509CertificateHolder certificate, PrivateKey key) {
        if (hasRoot()) {
            throw new CaKeyException("the data directory already holds a CA in " + dir + "; import into an empty one");
        }
        new Issuer(certificate, key);
        if (!certificate.getSubject().equals(certificate.getIssuer())) {
            throw new CaKeyException("certificate " + certificate.getSubject() + " is not self-signed; import a root CA");
        }
        store("root", certificate, key);
    }

    public CertificateAuthorities load() {
        Issuer root = load("root");
        Issuer issuing = load("issuing");
        try {
            if (!issuing.certificate().isSignatureValid(new JcaContentVerifierProviderBuilder().build(root.publicKey()))) {
                throw new CaKeyException("the issuing CA was not signed by the root CA in " + dir);
            }
        } catch (CertException | OperatorCreationException e) {
            throw new CaKeyException("cannot verify the issuing CA against the root CA", e);
        }
        return new CertificateAuthorities(root, issuing);
    }

    /** Loads the TLS or OCSP key that the service keeps beside its CA keys. */
    PrivateKey loadKey(String name) {
        return EncryptedKeyFile.read(dir.resolve(name + ".key"), password.chars());
    }

    void storeKey(String name, PrivateKey key) {
        EncryptedKeyFile.write(dir.resolve(name + ".key"), key, password.chars(), kdfIterations);
    }

    private Issuer load(String name) {
        Path certFile = dir.resolve(name + ".crt");
        X509CertificateHolder certificate;
        try {
            certificate = CertificateFiles.readOne(Files.readAllBytes(certFile));
        } catch (IOException e) {
            throw new CaKeyException("cannot read " + certFile, e);
        }
        PrivateKey key = EncryptedKeyFile.read(dir.resolve(name + ".key"), password.chars());
        return new Issuer(certificate, key);
    }

    private void store(String name, X509CertificateHolder certificate, PrivateKey key) {
        // key first: a certificate without its key is detected as an incomplete CA on the next start
        EncryptedKeyFile.write(dir.resolve(name + ".key"), key, password.chars(), kdfIterations);
        SecureFiles.writePublic(dir.resolve(name + ".crt"),
                Pem.certificate(Pem.encoded(certificate)).getBytes(StandardCharsets.US_ASCII));
    }

    private Path rootCert() {
        return dir.resolve("root.crt");
    }

    private static void lint(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        List<LintFailure> failures = CertificateLinter.rfc5280().lint(new LintTarget(certificate, issuer));
        if (!failures.isEmpty()) {
            throw new CaKeyException("CA certificate " + certificate.getSubject() + " failed lints: " + failures);
        }
    }
}
