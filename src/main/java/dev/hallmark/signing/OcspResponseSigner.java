package dev.hallmark.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.CertStatus;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.ocsp.ResponseData;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
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
            DERSequence chain) {
    }

    private final ServiceCredentials credentials;
    private record HeldSigner(Responder owner, ContentSigner signer) {
    }

    private final ThreadLocal<HeldSigner> signers = new ThreadLocal<>();
    private final Map<Instant, ASN1GeneralizedTime> times = new ConcurrentHashMap<>();
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
            responder = new Responder(certificate, key, algorithm, id, new DERSequence(certificate.toASN1Structure()));
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
        // BC's structures rather than BasicOCSPRespBuilder, which formats every Date with a new
        // SimpleDateFormat (5.5% of a nonce request's time); here a second's times are formatted once
        ASN1EncodableVector singles = new ASN1EncodableVector(answers.size());
        for (Single a : answers) {
            singles.add(new SingleResponse(a.id().toASN1Primitive(), certStatus(a.status()), time(a.thisUpdate()),
                    time(a.nextUpdate()), (Extensions) null));
        }
        ResponseData data = new ResponseData(r.id().toASN1Primitive(), time(producedAt), new DERSequence(singles),
                nonce == null ? null : new Extensions(nonce));
        try {
            ContentSigner signer = signer(r);
            try (OutputStream out = signer.getOutputStream()) {
                data.encodeTo(out, ASN1Encoding.DER);
            }
            BasicOCSPResponse basic = new BasicOCSPResponse(data, signer.getAlgorithmIdentifier(),
                    new DERBitString(signer.getSignature()), r.chain());
            return new OCSPResponse(new OCSPResponseStatus(OCSPResponseStatus.SUCCESSFUL), new ResponseBytes(
                    OCSPObjectIdentifiers.id_pkix_ocsp_basic, new DEROctetString(basic.getEncoded(ASN1Encoding.DER))))
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CertStatus certStatus(CertificateStatus status) {
        if (status == CertificateStatus.GOOD) {
            return new CertStatus();
        }
        if (status instanceof RevokedStatus revoked) {
            return new CertStatus(new RevokedInfo(new ASN1GeneralizedTime(revoked.getRevocationTime()),
                    revoked.hasRevocationReason() ? CRLReason.lookup(revoked.getRevocationReason()) : null));
        }
        return new CertStatus(2, DERNull.INSTANCE); // unknown
    }

    /** The time at second precision, formatted once per second it names; the few kept are the second's two. */
    private ASN1GeneralizedTime time(Instant at) {
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        if (times.size() > 8) {
            times.clear();
        }
        return times.computeIfAbsent(second, t -> new ASN1GeneralizedTime(Date.from(t)));
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
