package dev.hallmark.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs OCSP responses (RFC 6960 section 4.2) with the delegated responder key, which the issuing
 * CA certifies for id-kp-OCSPSigning and which lives beside the CA keys like them. The responder is
 * named by key hash (RFC 5019 section 2.2.3) and its certificate travels in each response so that
 * clients can check the delegation.
 */
public final class OcspResponseSigner {

    /** The name of the responder's credential in {@link ServiceCredentials}. */
    public static final String CREDENTIAL = "ocsp";

    /** One CertID's answer, with its own validity interval. */
    public record Single(CertificateID id, CertificateStatus status, Instant thisUpdate, Instant nextUpdate) {
    }

    private record Responder(X509CertificateHolder certificate, PrivateKey key, String algorithm, RespID id,
            X509CertificateHolder[] chain) {
    }

    private final ServiceCredentials credentials;
    private record HeldSigner(Responder owner, ContentSigner signer) {
    }

    private final ThreadLocal<HeldSigner> signers = new ThreadLocal<>();
    private volatile Responder responder;

    public OcspResponseSigner(ServiceCredentials credentials) {
        this.credentials = credentials;
    }

    /** Loads the responder credential (again, after a renewal); false when none exists yet. */
    public boolean reload() {
        if (!credentials.exists(CREDENTIAL)) {
            return false;
        }
        X509CertificateHolder certificate = credentials.certificate(CREDENTIAL);
        PrivateKey key = credentials.privateKey(CREDENTIAL);
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            RespID id = new RespID(certificate.getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1));
            String algorithm = SignatureAlgorithms.forKey(
                    new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(certificate).getPublicKey());
            responder = new Responder(certificate, key, algorithm, id, new X509CertificateHolder[] {certificate});
            return true;
        } catch (OperatorCreationException | OCSPException | java.security.cert.CertificateException e) {
            throw new CaKeyException("cannot load the OCSP responder credential", e);
        }
    }

    public boolean ready() {
        return responder != null;
    }

    /** The responder's current certificate, or null before the first {@link #reload()}. */
    public X509CertificateHolder certificate() {
        Responder r = responder;
        return r == null ? null : r.certificate();
    }

    /**
     * A complete, successful OCSPResponse (DER) answering {@code answers} in order.
     *
     * @param nonce the request's nonce extension to echo, or null
     */
    public byte[] sign(List<Single> answers, Extension nonce, Instant producedAt) {
        Responder r = responder;
        if (r == null) {
            throw new IllegalStateException("the OCSP responder has no credential yet");
        }
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(r.id());
        for (Single a : answers) {
            // thisUpdate is always given: the builder would otherwise take "now" on its own
            builder.addResponse(a.id(), a.status(), Date.from(a.thisUpdate()), Date.from(a.nextUpdate()), null);
        }
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        try {
            BasicOCSPResp basic = builder.build(signer(r), r.chain(), Date.from(producedAt));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException e) {
            throw new IllegalStateException("cannot sign the OCSP response", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One signer per thread and responder key: a ContentSigner wraps a Signature, which is not thread-safe. */
    private ContentSigner signer(Responder r) {
        HeldSigner held = signers.get();
        if (held == null || held.owner() != r) {
            held = new HeldSigner(r, Issuer.signer(r.key(), r.algorithm()));
            signers.set(held);
        }
        return held.signer();
    }
}
