package dev.hallmark.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.EncryptedKeyFiles;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.IssuerNameId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.OcspResponseSigner;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.signing.ServiceCredentials;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.RevocationRecords;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCSP responder's answer cache against revocations that land while answers are being built:
 * once the revocation's event has been handled (which {@code POST .../revoke} waits for), no
 * answer for the serial may say good, cached or not.
 */
class OcspResponderTests {

    private static final int WORKERS = 3;
    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

    @TempDir
    Path dir;

    private final InMemoryRecords records = new InMemoryRecords();
    private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
    /** Runs where the responder is about to cache what it built; a test makes a revocation land there. */
    private final AtomicReference<Runnable> beforeCacheStore = new AtomicReference<>(() -> { });
    private final Queue<OcspResponded.Status> published = new ConcurrentLinkedQueue<>();
    private X509CertificateHolder issuing;
    private OcspResponder responder;

    @BeforeEach
    void responder() throws Exception {
        Instant now = Instant.now();
        CaPassword password = CaPassword.resolve("unit-test-password", dir.resolve("ca/password"), true);
        EncryptedKeyFiles keyFiles = new EncryptedKeyFiles(dir.resolve("ca"), password, 10_000);
        CaKeyStore store = new CaKeyStore(SoftwareKeySource.in(dir.resolve("ca"), password, 10_000));
        store.createRoot(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Root"), Duration.ofDays(3650), now);
        store.createIssuing(KeyAlgorithm.EC_P256, new X500Name("CN=Unit Issuing"), Duration.ofDays(1825), now,
                PublicationUrls.from(URI.create("http://localhost:8080")));
        CertificateAuthorities authorities = store.load();
        issuing = authorities.certificate(IssuerId.ISSUING);
        CertificateSigner certificates = new CertificateSigner(authorities,
                PublicationUrls.from(URI.create("http://localhost:8080")), CertificateLinter.rfc5280());
        GeneratedCredential key = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
        Instant start = now.truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.MINUTES);
        X509CertificateHolder certificate = certificates.issue(certificates.prepare(new CertificateTemplate(
                IssuerId.ISSUING, SerialNumbers.next(), new X500Name("CN=Unit OCSP Responder"), key.publicKeyInfo(),
                start, start.plus(Duration.ofDays(30)), null, KeyUsage.digitalSignature,
                List.of(KeyPurposeId.id_kp_OCSPSigning), false, null, true)));
        ServiceCredentials credentials = new ServiceCredentials(keyFiles);
        credentials.store(OcspResponseSigner.CREDENTIAL, key, certificate);
        OcspResponseSigner signer = new OcspResponseSigner(credentials);
        signer.reload();
        responder = new OcspResponder(signer, records, authorities,
                new OcspSettings(Duration.ofHours(1), Duration.ofMinutes(15), 64, 100_000), Clock.systemUTC(),
                published::add, () -> beforeCacheStore.get().run());
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void respondWhenRevokedWhileAnswersAreBuiltThenNoAnswerAfterTheRevocationSaysGood() throws Exception {
        AtomicInteger goodAfterRevocation = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(WORKERS + 1);
        for (int round = 0; round < 600; round++) {
            BigInteger serial = SerialNumbers.next();
            records.issue(serial);
            Round current = new Round();
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                boolean withNonce = w == 0; // answered one by one, but its status read is cached as well
                workers.add(pool.submit(() -> {
                    start.await();
                    while (!current.done) {
                        boolean afterRevocation = current.revoked;
                        if (good(responder.respond(request(serial, withNonce)).body()) && afterRevocation) {
                            goodAfterRevocation.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.await();
            // revoke at a random point of the first, concurrent, cache fills
            spin(ThreadLocalRandom.current().nextLong(0, 400_000));
            revoke(serial);
            current.revoked = true;
            boolean goodAtOnce = good(responder.respond(request(serial, false)).body());
            spin(100_000);
            current.done = true;
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            assertThat(goodAtOnce).as("round %d: the answer right after the revocation", round).isFalse();
            assertThat(good(responder.respond(request(serial, false)).body()))
                    .as("round %d: the cached answer once the requests are over", round).isFalse();
            assertThat(goodAfterRevocation).as("round %d: answers to requests made after the revocation", round)
                    .hasValue(0);
        }
    }

    @Test
    void respondWhenRevocationLandsBetweenBuildingAndCachingAGoodAnswerThenTheNextAnswerIsRevoked() {
        BigInteger serial = SerialNumbers.next();
        records.issue(serial);
        revokeOnceBeforeCacheStore(serial);

        assertThat(good(responder.respond(request(serial, false)).body())).as("built before the revocation").isTrue();

        assertThat(good(responder.respond(request(serial, false)).body())).as("asked after the revocation").isFalse();
    }

    @Test
    void respondWhenRevocationLandsBetweenBuildingAndCachingAGoodAnswerThenEachAnswerIsPublishedWithItsStatus() {
        BigInteger serial = SerialNumbers.next();
        records.issue(serial);
        revokeOnceBeforeCacheStore(serial);

        responder.respond(request(serial, false));
        responder.respond(request(serial, false));

        assertThat(published).containsExactly(OcspResponded.Status.good, OcspResponded.Status.revoked);
    }

    @Test
    void respondWithNonceWhenRevocationLandsBetweenReadingAndCachingTheStatusThenTheNextAnswerIsRevoked() {
        BigInteger serial = SerialNumbers.next();
        records.issue(serial);
        revokeOnceBeforeCacheStore(serial);

        assertThat(good(responder.respond(request(serial, true)).body())).as("built before the revocation").isTrue();

        assertThat(good(responder.respond(request(serial, true)).body())).as("with a nonce, after").isFalse();
        assertThat(good(responder.respond(request(serial, false)).body())).as("without a nonce, after").isFalse();
    }

    @Test
    void respondWhenRevocationLandsWhileACachedGoodStatusIsSignedForAnotherHashThenTheNextAnswerIsRevoked() {
        BigInteger serial = SerialNumbers.next();
        records.issue(serial);
        assertThat(good(responder.respond(request(serial, false)).body())).isTrue(); // caches good, SHA-1 CertID
        revokeOnceBeforeCacheStore(serial);

        assertThat(good(responder.respond(request(serial, false, SHA256)).body()))
                .as("SHA-256 CertID, signed from the cached status before the revocation").isTrue();

        assertThat(good(responder.respond(request(serial, false)).body())).as("SHA-1, after").isFalse();
        assertThat(good(responder.respond(request(serial, false, SHA256)).body())).as("SHA-256, after").isFalse();
    }

    @Test
    void respondWhenRevokedThenCachedGoodAnswerIsReplacedByRevoked() throws Exception {
        BigInteger serial = SerialNumbers.next();
        records.issue(serial);
        assertThat(good(responder.respond(request(serial, false)).body())).isTrue();
        assertThat(good(responder.respond(request(serial, true)).body())).isTrue();

        revoke(serial);

        BasicOCSPResp cached = basic(responder.respond(request(serial, false)).body());
        assertThat(cached.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
        BasicOCSPResp withNonce = basic(responder.respond(request(serial, true)).body());
        assertThat(withNonce.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    /** What RevocationService does: commit the revoked status, then tell the listeners. */
    private void revoke(BigInteger serial) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        records.revoke(serial, now);
        responder.onRevoked(new CertificateRevoked(hex(serial), IssuerId.ISSUING, now, RevocationReason.keyCompromise));
    }

    private void revokeOnceBeforeCacheStore(BigInteger serial) {
        beforeCacheStore.set(() -> {
            beforeCacheStore.set(() -> { });
            revoke(serial);
        });
    }

    private byte[] request(BigInteger serial, boolean withNonce) {
        return request(serial, withNonce, CertificateID.HASH_SHA1);
    }

    private byte[] request(BigInteger serial, boolean withNonce, AlgorithmIdentifier hash) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(hash), issuing,
                    serial);
            OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
            if (withNonce) {
                byte[] nonce = new byte[16];
                ThreadLocalRandom.current().nextBytes(nonce);
                builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                        false, new DEROctetString(nonce))));
            }
            return builder.build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean good(byte[] response) {
        return basic(response).getResponses()[0].getCertStatus() == org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
    }

    private static BasicOCSPResp basic(byte[] response) {
        try {
            OCSPResp parsed = new OCSPResp(response);
            assertThat(parsed.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            return (BasicOCSPResp) parsed.getResponseObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static String hex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** One serial's round: whether its revocation has returned, and whether the workers should stop. */
    private static final class Round {
        volatile boolean revoked;
        volatile boolean done;
    }

    /** Certificate statuses in memory, read and written as the store's rows would be. */
    private static final class InMemoryRecords extends RevocationRecords {

        private final Map<String, Status> rows = new ConcurrentHashMap<>();
        private final long issuingId = IssuerNameId.of(new X500Name("CN=Unit Issuing")).value();

        InMemoryRecords() {
            super(new JdbcDataSource());
        }

        void issue(BigInteger serial) {
            rows.put(hex(serial), new Status(hex(serial), issuingId, CertificateStatus.VALID, null, null));
        }

        void revoke(BigInteger serial, Instant at) {
            rows.put(hex(serial), new Status(hex(serial), issuingId, CertificateStatus.REVOKED, at, "keyCompromise"));
        }

        @Override
        public Optional<Status> status(String serial) {
            return Optional.ofNullable(rows.get(serial));
        }
    }
}
