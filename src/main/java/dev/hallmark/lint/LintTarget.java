package dev.hallmark.lint;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;

/** A certificate to lint and the certificate of the CA that is to sign it (itself, for a root). */
public record LintTarget(X509CertificateHolder certificate, X509CertificateHolder issuer) {

    public Extensions extensions() {
        Extensions e = certificate.getExtensions();
        return e == null ? new Extensions(new Extension[0]) : e;
    }

    public boolean selfSigned() {
        return certificate.getSubject().equals(issuer.getSubject())
                && certificate.getSubjectPublicKeyInfo().equals(issuer.getSubjectPublicKeyInfo());
    }
}
