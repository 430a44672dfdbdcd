package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.lint.CrlLinter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CAs sign through the provider their key source names, not through one chosen in the
 * signing code: a source whose keys come with a counting provider sees every CA signature.
 */
class CaKeySourceTests {

    @TempDir
    Path dir;

    @Test
    void signWhenKeysComeFromASourceThenEverySignatureGoesThroughItsProvider() throws Exception {
        CountingProvider provider = new CountingProvider();
        InMemoryKeySource source = new InMemoryKeySource(provider);
        CaKeyStore store = new CaKeyStore(source);
        Instant now = Instant.now();
        store.createRoot(KeyAlgorithm.EC_P256, CaKeyStoreTests.ROOT, Duration.ofDays(3650), now);
        store.createIssuing(KeyAlgorithm.EC_P256, CaKeyStoreTests.ISSUING, Duration.ofDays(1825), now,
                CaKeyStoreTests.URLS);
        assertThat(provider.signatures.get()).as("root self-signature, root key check, issuing CA certificate")
                .isEqualTo(3);

        CertificateAuthorities cas = store.load();
        int afterLoad = provider.signatures.get();
        assertThat(afterLoad).as("each CA's key checked against its certificate").isEqualTo(5);

        X509CertificateHolder leaf = CertificateSignerTests.issue(cas,
                CertificateSignerTests.spki(KeyAlgorithm.EC_P256.generate()));
        assertThat(leaf.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(cas.jcaCertificate(IssuerId.ISSUING).getPublicKey()))).isTrue();
        assertThat(provider.signatures.get()).as("the certificate; its lint copy is signed by a throwaway key")
                .isEqualTo(afterLoad + 1);

        Path crl = dir.resolve("issuing.crl");
        new CrlSigner(cas, CrlLinter.rfc5280(), PublicationUrls.from(java.net.URI.create("http://localhost:8080"))).sign(IssuerId.ISSUING, BigInteger.ONE, now, now.plus(Duration.ofDays(1)),
                sink -> { }, crl);
        X509CRLHolder signed = new X509CRLHolder(java.nio.file.Files.readAllBytes(crl));
        assertThat(signed.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(cas.jcaCertificate(IssuerId.ISSUING).getPublicKey()))).isTrue();
        assertThat(provider.signatures.get()).isEqualTo(afterLoad + 2);
    }

    /** Keys in memory, signing through the given provider. */
    private static final class InMemoryKeySource implements CaKeySource {

        private final Provider provider;
        private final Map<IssuerId, X509CertificateHolder> certificates = new EnumMap<>(IssuerId.class);
        private final Map<IssuerId, SigningKey> keys = new EnumMap<>(IssuerId.class);

        InMemoryKeySource(Provider provider) {
            this.provider = provider;
        }

        @Override
        public boolean holds(IssuerId id) {
            return certificates.containsKey(id);
        }

        @Override
        public X509CertificateHolder certificate(IssuerId id) {
            return certificates.get(id);
        }

        @Override
        public SigningKey key(IssuerId id) {
            return keys.get(id);
        }

        @Override
        public SigningKey generate(IssuerId id, KeyAlgorithm algorithm) {
            KeyPair pair = algorithm.generate();
            return new SigningKey(pair.getPrivate(), pair.getPublic(), provider);
        }

        @Override
        public void store(IssuerId id, X509CertificateHolder certificate, SigningKey key) {
            certificates.put(id, certificate);
            keys.put(id, key);
        }

        @Override
        public String location() {
            return "memory";
        }
    }

    /** SHA256withECDSA of Bouncy Castle, counting each signature made. */
    private static final class CountingProvider extends Provider {

        final AtomicInteger signatures = new AtomicInteger();

        CountingProvider() {
            super("Counting", "1", "counts signatures");
            putService(new Service(this, "Signature", "SHA256withECDSA", CountingSignature.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    return new CountingSignature(signatures);
                }
            });
        }
    }

    private static final class CountingSignature extends SignatureSpi {

        private final AtomicInteger count;
        private final Signature delegate;

        CountingSignature(AtomicInteger count) throws NoSuchAlgorithmException {
            this.count = count;
            this.delegate = Signature.getInstance("SHA256withECDSA", dev.hallmark.crypto.CryptoProviders.bouncyCastle());
        }

        @Override
        protected void engineInitVerify(java.security.PublicKey publicKey) throws java.security.InvalidKeyException {
            delegate.initVerify(publicKey);
        }

        @Override
        protected void engineInitSign(java.security.PrivateKey privateKey) throws java.security.InvalidKeyException {
            delegate.initSign(privateKey);
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            delegate.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            delegate.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            count.incrementAndGet();
            return delegate.sign();
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            return delegate.verify(sigBytes);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
    }
}
