package dev.hallmark.signing;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.lint.LintFailure;
import dev.hallmark.lint.LintTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
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
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Builds and signs certificates. The only path to a real signature is
 * {@link #prepare} (build, sign with a throwaway key, lint) then {@link #issue} (sign with the CA
 * key, confirm the TBS bytes are the ones that were linted).
 */
public final class CertificateSigner {

    private final CertificateAuthorities authorities;
    private final PublicationUrls urls;
    private final CertificateLinter linter;
    private final ThrowawaySigners throwaway = new ThrowawaySigners();

    public CertificateSigner(CertificateAuthorities authorities, PublicationUrls urls, CertificateLinter linter) {
        this.authorities = authorities;
        this.urls = urls;
        this.linter = linter;
    }

    /** Builds the certificate, signs it with a throwaway key and lints it. */
    public PreparedCertificate prepare(CertificateTemplate template) {
        Issuer issuer = authorities.issuer(template.issuer());
        X509v3CertificateBuilder builder = builder(template, issuer);
        X509CertificateHolder linted = builder.build(throwaway.signerLike(issuer.publicKey(), issuer.signatureAlgorithm()));
        List<LintFailure> failures = linter.lint(new LintTarget(linted, issuer.certificate()));
        if (!failures.isEmpty()) {
            throw new LintFailedException(failures);
        }
        return new PreparedCertificate(template, builder, tbs(linted), linted);
    }

    /** Signs a prepared certificate with the CA key; each prepared certificate is issued once. */
    public X509CertificateHolder issue(PreparedCertificate prepared) {
        Issuer issuer = authorities.issuer(prepared.template().issuer());
        X509CertificateHolder signed = prepared.redeem().build(issuer.signer());
        if (!Arrays.equals(tbs(signed), prepared.lintedTbs())) {
            throw new IllegalStateException("signed TBS differs from the linted TBS; certificate discarded");
        }
        return signed;
    }

    private X509v3CertificateBuilder builder(CertificateTemplate t, Issuer issuer) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer.certificate().getSubject(), t.serial(),
                Date.from(t.notBefore()), Date.from(t.notAfter()), t.subject(), t.publicKey());
        try {
            b.addExtension(Extension.basicConstraints, true,
                    t.ca() ? (t.pathLength() == null ? new BasicConstraints(true) : new BasicConstraints(t.pathLength()))
                            : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(t.keyUsage()));
            if (!t.extendedKeyUsages().isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(t.extendedKeyUsages().toArray(KeyPurposeId[]::new)));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, Extensions.subjectKeyIdentifier(t.publicKey()));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    Extensions.authorityKeyIdentifier(issuer.subjectKeyIdentifier()));
            if (t.subjectAltNames() != null && t.subjectAltNames().getNames().length > 0) {
                // RFC 5280 4.2.1.6: critical when the subject is empty
                b.addExtension(Extension.subjectAlternativeName, t.subject().getRDNs().length == 0, t.subjectAltNames());
            }
            boolean byRoot = t.issuer() == IssuerId.ROOT;
            b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(byRoot ? urls.rootCrl() : urls.crl()));
            b.addExtension(Extension.freshestCRL, false, distributionPoint(urls.deltaCrl(t.issuer())));
            b.addExtension(Extension.authorityInfoAccess, false, byRoot
                    ? new AuthorityInformationAccess(new AccessDescription[] {caIssuers(urls.rootCertificate())})
                    : new AuthorityInformationAccess(new AccessDescription[] {
                        new AccessDescription(AccessDescription.id_ad_ocsp, uri(urls.ocsp())),
                        caIssuers(urls.issuerCertificate())}));
            if (t.ocspNoCheck()) {
                b.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            }
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    static CRLDistPoint distributionPoint(String url) {
        DistributionPointName name = new DistributionPointName(new GeneralNames(uri(url)));
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)});
    }

    private static AccessDescription caIssuers(String url) {
        return new AccessDescription(AccessDescription.id_ad_caIssuers, uri(url));
    }

    private static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
    }

    private static byte[] tbs(X509CertificateHolder c) {
        try {
            return c.toASN1Structure().getTBSCertificate().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
