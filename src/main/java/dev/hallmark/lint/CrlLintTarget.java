package dev.hallmark.lint;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A CRL to lint and the certificate of the CA that is to sign it. For large CRLs the target holds
 * the fixed parts only (no entries): entries are encoded by code that checks them one by one.
 */
public record CrlLintTarget(X509CRLHolder crl, X509CertificateHolder issuer) {
}
