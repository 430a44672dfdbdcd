package dev.hallmark.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The evidence for {@code dev.hallmark.crypto.CryptoProviders}: P-256 ECDSA sign and verify and RSA-2048
 * sign and verify (SHA-256) over a certificate-sized message, per provider, one thread. "JDK" is SunEC for
 * EC and SunRsaSign for RSA.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoProviderBenchmark {

    @Param({"ACCP", "BC", "JDK"})
    public String provider;

    private final byte[] message = new byte[600];
    private Signature ecSigner;
    private Signature ecVerifier;
    private byte[] ecSignature;
    private Signature rsaSigner;
    private Signature rsaVerifier;
    private byte[] rsaSignature;
    private KeyPair ec;
    private KeyPair rsa;

    @Setup
    public void setUp() throws GeneralSecurityException {
        new Random(1).nextBytes(message);
        Provider ecProvider = provider("SunEC");
        Provider rsaProvider = provider("SunRsaSign");
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC", ecProvider);
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA", rsaProvider);
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        ecSigner = Signature.getInstance("SHA256withECDSA", ecProvider);
        ecVerifier = Signature.getInstance("SHA256withECDSA", ecProvider);
        rsaSigner = Signature.getInstance("SHA256withRSA", rsaProvider);
        rsaVerifier = Signature.getInstance("SHA256withRSA", rsaProvider);
        ecSignature = ecSign();
        rsaSignature = rsaSign();
    }

    private Provider provider(String jdkName) {
        return switch (provider) {
            case "ACCP" -> AmazonCorrettoCryptoProvider.INSTANCE;
            case "BC" -> new BouncyCastleProvider();
            case "JDK" -> Security.getProvider(jdkName);
            default -> throw new IllegalArgumentException(provider);
        };
    }

    @Benchmark
    public byte[] ecSign() throws GeneralSecurityException {
        ecSigner.initSign(ec.getPrivate());
        ecSigner.update(message);
        return ecSigner.sign();
    }

    @Benchmark
    public boolean ecVerify() throws GeneralSecurityException {
        ecVerifier.initVerify(ec.getPublic());
        ecVerifier.update(message);
        return ecVerifier.verify(ecSignature);
    }

    @Benchmark
    public byte[] rsaSign() throws GeneralSecurityException {
        rsaSigner.initSign(rsa.getPrivate());
        rsaSigner.update(message);
        return rsaSigner.sign();
    }

    @Benchmark
    public boolean rsaVerify() throws GeneralSecurityException {
        rsaVerifier.initVerify(rsa.getPublic());
        rsaVerifier.update(message);
        return rsaVerifier.verify(rsaSignature);
    }
}
