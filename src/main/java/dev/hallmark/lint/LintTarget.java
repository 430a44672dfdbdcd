package dev.hallmark.lint;

import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;

/** A certificate to lint and the certificate of the CA that is to sign it (itself, for a root). */
public record LintTarget(X509CertificateHolder certificate, X509CertificateHolder issuer) {

    /** The certificate's extensions; {@link CertificateLinter} lints only certificates that have some. */
    public Extensions extensions() {
        return certificate.getExtensions();
    }

    public boolean selfSigned() {
        return certificate.getSubject().equals(issuer.getSubject())
                && certificate.getSubjectPublicKeyInfo().equals(issuer.getSubjectPublicKeyInfo());
    }
}
