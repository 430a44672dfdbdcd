package dev.hallmark.revocation;

import dev.hallmark.cluster.DatabaseOutage;
import dev.hallmark.cluster.RevocationsSeen;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.OcspResponseSigner;
import dev.hallmark.storage.RevocationRecords;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * The OCSP responder (RFC 6960) for certificates of the issuing CA.
 *
 * <p>For each CertID of a request: {@code good} or {@code revoked} (time and reason) for a
 * certificate this CA issued, {@code unknown} for a serial it never issued or a CertID naming
 * another issuer. A request in which no CertID names the issuing CA (another CA, the root, or a
 * hash algorithm other than SHA-1/SHA-256/384/512) is answered {@code unauthorized}, as RFC 5019
 * section 2.2.3 says for requests the responder cannot answer authoritatively. Parse errors, an
 * empty list or more than {@code maxRequestEntries} CertIDs answer {@code malformedRequest}.
 *
 * <p>Requests without a nonce for one CertID (what browsers, the JDK, nginx and RFC 5019 clients
 * send) get a pre-signed answer from a cache keyed by serial, re-signed after
 * {@code refreshAfter}; a revocation drops the serial's entry before {@code POST .../revoke}
 * returns, and a revocation on another node drops it within a second ({@link RevocationsSeen}). A
 * request with a nonce is signed for itself and echoes the nonce.
 *
 * <p>The cache must never hold "good" for a serial once its revocation has been handled, even
 * when the revocation lands while an answer is being built from a status read just before it.
 * Every revocation bumps a counter and then drops the serial's entry; every entry carries the
 * counter as it was before its status was read from the store, and is stored only if the counter
 * has not moved since, checked under the serial's lock in the map (so the check and the store are
 * one step for a revocation dropping that serial). A status read before a revocation is therefore
 * either stored before the revocation drops it, or not stored at all.
 *
 * <p>Every answer is told to {@link OcspResponded}, for the metrics.
 */
public class OcspResponder {

    private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);

    private static final byte[] MALFORMED = error(OCSPResp.MALFORMED_REQUEST);
    private static final byte[] INTERNAL_ERROR = error(OCSPResp.INTERNAL_ERROR);
    private static final byte[] TRY_LATER = error(OCSPResp.TRY_LATER);
    private static final byte[] UNAUTHORIZED = error(OCSPResp.UNAUTHORIZED);
    /** RFC 8954 section 2.1: nonces of 1 to 32 octets; the extension value adds the OCTET STRING header. */
    private static final int MAX_NONCE_EXTENSION_VALUE = 34;

    private final OcspResponseSigner signer;
    private final RevocationRecords records;
    private final OcspSettings settings;
    private final Clock clock;
    private final OcspResponded responded;
    private final Map<ASN1ObjectIdentifier, IssuerHashes> issuerHashes;
    private final long issuingNameId;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** Counts revocations handled; see the class comment. */
    private final AtomicLong invalidations = new AtomicLong();
    /** Runs just before an entry is stored: where a test makes a revocation land. */
    private final Runnable beforeCacheStore;

    private record IssuerHashes(byte[] name, byte[] key) {
    }

    /**
     * A serial's status as read from the store, and the answers signed from it, by CertID hash algorithm.
     *
     * @param epoch {@link #invalidations} as it was before the status was read
     */
    private record Cached(Status status, long epoch, Map<ASN1ObjectIdentifier, OcspAnswer> answers) {

        Cached {
            answers = Map.copyOf(answers);
        }

        Cached with(ASN1ObjectIdentifier algorithm, OcspAnswer answer) {
            Map<ASN1ObjectIdentifier, OcspAnswer> more = new java.util.HashMap<>(answers);
            more.put(algorithm, answer);
            return new Cached(status, epoch, more);
        }

        /** The answers of both, when they were signed from the same read of the status. */
        Cached merge(Cached other) {
            if (other.status != status) {
                return other;
            }
            Map<ASN1ObjectIdentifier, OcspAnswer> both = new java.util.HashMap<>(answers);
            both.putAll(other.answers);
            return new Cached(status, epoch, both);
        }
    }

    private record Status(CertificateStatus value, Instant readAt) {
    }

    public OcspResponder(OcspResponseSigner signer, RevocationRecords records, CertificateAuthorities authorities,
            OcspSettings settings, Clock clock, OcspResponded responded) {
        this(signer, records, authorities, settings, clock, responded, () -> { });
    }

    OcspResponder(OcspResponseSigner signer, RevocationRecords records, CertificateAuthorities authorities,
            OcspSettings settings, Clock clock, OcspResponded responded, Runnable beforeCacheStore) {
        this.signer = signer;
        this.records = records;
        this.settings = settings;
        this.clock = clock;
        this.responded = responded;
        this.issuerHashes = hashes(authorities.certificate(IssuerId.ISSUING));
        this.issuingNameId = authorities.nameId(IssuerId.ISSUING).value();
        this.beforeCacheStore = beforeCacheStore;
    }

    /** Answers one DER OCSPRequest; never throws: failures become OCSP error statuses. */
    public OcspAnswer respond(byte[] der) {
        try {
            return answer(der);
        } catch (RuntimeException e) {
            if (DatabaseOutage.causes(e)) {
                // RFC 6960 section 2.3: tryLater, "the service exists but is temporarily unable to respond"
                log.warn("OCSP: the database cannot be reached; answering tryLater: {}", e.toString());
                responded.answered(OcspResponded.Status.tryLater);
                return new OcspAnswer(TRY_LATER, null, null, null);
            }
            log.error("OCSP request failed inside the responder", e);
            responded.answered(OcspResponded.Status.internalError);
            return new OcspAnswer(INTERNAL_ERROR, null, null, null);
        }
    }

    /** Called once the revocation is committed and before {@code POST .../revoke} returns. */
    @EventListener
    public void onRevoked(CertificateRevoked revoked) {
        // first the bump, then the removal: an entry read before the bump is refused by store(), one
        // stored before the removal is removed by it
        invalidations.incrementAndGet();
        cache.remove(revoked.serial());
    }

    /**
     * Revocations made on any node, seen in the database ({@code ClusterSignals}): the same bump and
     * removal as {@link #onRevoked}, so an answer built from a status read before them is not kept.
     */
    @EventListener
    public void onRevocationsSeen(RevocationsSeen seen) {
        invalidations.incrementAndGet();
        if (seen.all()) {
            cache.clear();
        } else {
            seen.serials().forEach(cache::remove);
        }
    }

    private OcspAnswer answer(byte[] der) {
        Req[] list;
        Extension nonce;
        try {
            if (der == null || der.length == 0) {
                return malformed("empty request");
            }
            OCSPReq request = new OCSPReq(der);
            list = request.getRequestList();
            nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        } catch (IOException | RuntimeException e) {
            return malformed(e.toString());
        }
        if (list.length == 0) {
            return malformed("no CertID in the request");
        }
        if (list.length > settings.maxRequestEntries()) {
            return malformed(list.length + " CertIDs in one request");
        }
        if (!signer.ready()) {
            responded.answered(OcspResponded.Status.tryLater);
            return new OcspAnswer(TRY_LATER, null, null, null);
        }
        boolean anyOurs = false;
        boolean[] ours = new boolean[list.length];
        for (int i = 0; i < list.length; i++) {
            ours[i] = namesIssuingCa(list[i].getCertID());
            anyOurs |= ours[i];
        }
        if (!anyOurs) {
            responded.answered(OcspResponded.Status.unauthorized);
            return new OcspAnswer(UNAUTHORIZED, null, null, null);
        }
        if (nonce != null && nonce.getExtnValue().getOctets().length > MAX_NONCE_EXTENSION_VALUE) {
            nonce = null; // RFC 8954 section 2.1: such a nonce may be ignored
        }
        if (list.length == 1 && nonce == null) {
            return cached(list[0].getCertID());
        }
        Instant now = now();
        List<OcspResponseSigner.Single> answers = new ArrayList<>(list.length);
        for (int i = 0; i < list.length; i++) {
            CertificateID id = list[i].getCertID();
            CertificateStatus status = ours[i] ? status(id).value() : new UnknownStatus();
            answers.add(new OcspResponseSigner.Single(id, status, now, now.plus(settings.validity())));
        }
        byte[] body = signer.sign(answers, nonce, now);
        answers.forEach(a -> published(a.status()));
        return new OcspAnswer(body, null, null, null);
    }

    private OcspAnswer cached(CertificateID id) {
        String serial = serial(id);
        ASN1ObjectIdentifier algorithm = id.getHashAlgOID();
        Instant now = now();
        Cached entry = serial == null ? null : cache.get(serial);
        if (entry != null) {
            OcspAnswer answer = entry.answers().get(algorithm);
            if (answer != null && now.isBefore(answer.thisUpdate().plus(settings.refreshAfter()))) {
                published(entry.status().value());
                return answer;
            }
        }
        Cached base = reusable(entry, now) ? entry : lookup(serial);
        Instant nextUpdate = now.plus(settings.validity());
        byte[] body = signer.sign(List.of(new OcspResponseSigner.Single(id, base.status().value(), now, nextUpdate)),
                null, now);
        OcspAnswer answer = new OcspAnswer(body, now, nextUpdate, etag(body));
        if (serial != null) {
            store(serial, base.with(algorithm, answer));
        }
        published(base.status().value());
        return answer;
    }

    /** For requests signed individually (nonce, several CertIDs): the cached status, else the store's, then cached. */
    private Status status(CertificateID id) {
        String serial = serial(id);
        Cached entry = serial == null ? null : cache.get(serial);
        if (entry != null && fresh(entry.status(), now())) {
            return entry.status();
        }
        Cached read = lookup(serial);
        if (serial != null) {
            store(serial, read);
        }
        return read.status();
    }

    /**
     * A cached status may be signed again while fresh; after any revocation since it was read, the
     * store is read again instead, as store() would refuse an answer built on it.
     */
    private boolean reusable(Cached entry, Instant now) {
        return entry != null && fresh(entry.status(), now) && entry.epoch() == invalidations.get();
    }

    /** The serial's status from the store, stamped with the revocation count read before it. */
    private Cached lookup(String serial) {
        long epoch = invalidations.get();
        return new Cached(read(serial), epoch, Map.of());
    }

    /** Caches the entry unless a revocation has been handled since its status was read; see the class comment. */
    private void store(String serial, Cached entry) {
        bound();
        beforeCacheStore.run();
        cache.compute(serial, (key, old) -> {
            if (invalidations.get() != entry.epoch()) {
                return old;
            }
            return old == null ? entry : old.merge(entry);
        });
    }

    private boolean fresh(Status status, Instant now) {
        return now.isBefore(status.readAt().plus(settings.refreshAfter()));
    }

    private Status read(String serial) {
        Instant now = now();
        if (serial == null) {
            return new Status(new UnknownStatus(), now);
        }
        return records.status(serial)
                .filter(r -> r.issuerId() == issuingNameId)
                .map(r -> switch (r.status()) {
                    case VALID -> new Status(CertificateStatus.GOOD, now);
                    case REVOKED -> new Status(revoked(r.revokedAt(), r.revocationReason()), now);
                    case PENDING -> new Status(new UnknownStatus(), now);
                })
                .orElseGet(() -> new Status(new UnknownStatus(), now));
    }

    private static CertificateStatus revoked(Instant at, String reason) {
        int code = CrlPublisher.reasonCode(reason);
        // as on the CRL, "unspecified" is expressed by leaving the reason out
        return code == 0 ? new RevokedStatus(new org.bouncycastle.asn1.ocsp.RevokedInfo(
                new org.bouncycastle.asn1.ASN1GeneralizedTime(java.util.Date.from(at)), null))
                : new RevokedStatus(java.util.Date.from(at), code);
    }

    private boolean namesIssuingCa(CertificateID id) {
        IssuerHashes expected = issuerHashes.get(id.getHashAlgOID());
        return expected != null && Arrays.equals(expected.name(), id.getIssuerNameHash())
                && Arrays.equals(expected.key(), id.getIssuerKeyHash());
    }

    /** The serial as stored (upper-case hex), or null for one no certificate can have. */
    private static String serial(CertificateID id) {
        var value = id.getSerialNumber();
        if (value.signum() <= 0 || value.bitLength() > 160) {
            return null;
        }
        // as issuance stores it: upper-case hex, even number of digits
        String hex = value.toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private void bound() {
        // a crude bound is enough: entries are cheap to re-sign and the set of live serials is what matters
        if (cache.size() >= settings.cacheSize()) {
            Iterator<String> it = cache.keySet().iterator();
            for (int i = 0; i < 16 && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private void published(CertificateStatus status) {
        responded.answered(status == CertificateStatus.GOOD ? OcspResponded.Status.good
                : status instanceof RevokedStatus ? OcspResponded.Status.revoked : OcspResponded.Status.unknown);
    }

    private OcspAnswer malformed(String why) {
        log.debug("malformed OCSP request: {}", why);
        responded.answered(OcspResponded.Status.malformedRequest);
        return new OcspAnswer(MALFORMED, null, null, null);
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuing CA's name and key hashes (RFC 6960 section 4.1.1) under every hash a CertID may use. */
    private static Map<ASN1ObjectIdentifier, IssuerHashes> hashes(X509CertificateHolder issuer) {
        Map<ASN1ObjectIdentifier, String> algorithms = Map.of(OIWObjectIdentifiers.idSHA1, "SHA-1",
                NISTObjectIdentifiers.id_sha256, "SHA-256", NISTObjectIdentifiers.id_sha384, "SHA-384",
                NISTObjectIdentifiers.id_sha512, "SHA-512");
        Map<ASN1ObjectIdentifier, IssuerHashes> out = new java.util.HashMap<>();
        try {
            byte[] name = issuer.toASN1Structure().getSubject().getEncoded("DER");
            byte[] key = issuer.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
            for (var e : algorithms.entrySet()) {
                out.put(e.getKey(), new IssuerHashes(MessageDigest.getInstance(e.getValue()).digest(name),
                        MessageDigest.getInstance(e.getValue()).digest(key)));
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Map.copyOf(out);
    }

    private static byte[] error(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
