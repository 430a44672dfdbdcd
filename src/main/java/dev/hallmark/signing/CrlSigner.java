package dev.hallmark.signing;

import dev.hallmark.lint.CrlLintTarget;
import dev.hallmark.lint.CrlLinter;
import dev.hallmark.lint.LintFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Signs CRLs (RFC 5280 section 5) with the root or the issuing CA key: complete CRLs, which name
 * their CA's delta CRL in a Freshest CRL extension (5.2.6), and delta CRLs (5.2.4). The fixed parts
 * of each CRL are first linted on a copy signed with a throwaway key, as certificates are; the
 * entries are then streamed from their source into the file, so the size of a CRL is bounded by
 * disk, not heap.
 */
public final class CrlSigner {

    private final CertificateAuthorities authorities;
    private final CrlLinter linter;
    private final PublicationUrls urls;
    private final ThrowawaySigners throwaway = new ThrowawaySigners();

    public CrlSigner(CertificateAuthorities authorities, CrlLinter linter, PublicationUrls urls) {
        this.authorities = authorities;
        this.linter = linter;
        this.urls = urls;
    }

    /** The id under which the database keeps the CA's CRLs and revocations. */
    public IssuerNameId nameId(IssuerId id) {
        return authorities.nameId(id);
    }

    /**
     * Writes the complete CRL of {@code issuerId} to {@code target} (DER).
     *
     * @param number the CRL number, strictly greater than any number used before for this CA
     */
    public SignedCrl sign(IssuerId issuerId, BigInteger number, Instant thisUpdate, Instant nextUpdate,
            CrlEntries entries, Path target) {
        Extension freshest = extension(Extension.freshestCRL, false,
                CertificateSigner.distributionPoint(urls.deltaCrl(issuerId)));
        return sign(issuerId, number, thisUpdate, nextUpdate, entries, target, freshest);
    }

    /**
     * Writes a delta CRL of {@code issuerId} to {@code target} (DER): the revocations since the
     * complete CRL {@code baseNumber}, marked by a critical Delta CRL Indicator naming it.
     *
     * @param number the CRL number, from the same sequence as the complete CRLs' and above {@code baseNumber}
     */
    public SignedCrl signDelta(IssuerId issuerId, BigInteger number, BigInteger baseNumber, Instant thisUpdate,
            Instant nextUpdate, CrlEntries entries, Path target) {
        if (baseNumber.compareTo(number) >= 0) {
            throw new IllegalArgumentException("delta CRL " + number + " must be numbered above its base " + baseNumber);
        }
        return sign(issuerId, number, thisUpdate, nextUpdate, entries, target,
                extension(Extension.deltaCRLIndicator, true, new ASN1Integer(baseNumber)));
    }

    private SignedCrl sign(IssuerId issuerId, BigInteger number, Instant thisUpdate, Instant nextUpdate,
            CrlEntries entries, Path target, Extension kind) {
        Issuer issuer = authorities.issuer(issuerId);
        Instant from = thisUpdate.truncatedTo(ChronoUnit.SECONDS);
        Instant until = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
        StreamingCrlWriter writer = new StreamingCrlWriter(issuerName(issuer), issuer.subjectKeyIdentifier(), kind);
        lint(issuer, writer, number, from, until);
        long[] written = writer.write(issuer.signer(), number, from, until, entries, target);
        return new SignedCrl(issuerId, number, from, until, written[0], written[1]);
    }

    private void lint(Issuer issuer, StreamingCrlWriter writer, BigInteger number, Instant from, Instant until) {
        ContentSigner probeSigner = throwaway.signerLike(issuer.publicKey(), issuer.signatureAlgorithm());
        try {
            byte[] algorithm = probeSigner.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
            byte[] tbs = writer.tbsWithoutEntries(algorithm, number, from, until);
            try (var out = probeSigner.getOutputStream()) {
                out.write(tbs);
            }
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(ASN1Primitive.fromByteArray(tbs));
            v.add(probeSigner.getAlgorithmIdentifier());
            v.add(new DERBitString(probeSigner.getSignature()));
            X509CRLHolder probe = new X509CRLHolder(CertificateList.getInstance(new DERSequence(v)));
            List<LintFailure> failures = linter.lint(new CrlLintTarget(probe, issuer.certificate()));
            if (!failures.isEmpty()) {
                throw new LintFailedException(failures);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] issuerName(Issuer issuer) {
        try {
            return issuer.certificate().toASN1Structure().getSubject().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
