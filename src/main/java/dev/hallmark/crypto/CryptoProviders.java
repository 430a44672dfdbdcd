package dev.hallmark.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that chooses the JCA provider for signatures, verification and key generation.
 *
 * <p>Measured on the project's 2-core machine (P-256, per thread): SunEC signs/verifies about
 * 2,000/1,000 per second, Bouncy Castle 12,500/3,000, Amazon Corretto Crypto Provider (native
 * AWS-LC) 51,000/16,600 and RSA-2048 about 3x the JDK. ACCP is native and exists only for some
 * platforms, so Bouncy Castle is the fallback. ACCP is installed first so that TLS uses it too.
 */
public final class CryptoProviders {

    private static final Logger log = LoggerFactory.getLogger(CryptoProviders.class);
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final Provider FAST = installProviders();

    private CryptoProviders() {
    }

    /** Provider for signing, signature verification, key generation and key factories. */
    public static Provider signatures() {
        return FAST;
    }

    /**
     * Decodes a subject public key with the fast provider's key factory, chosen by algorithm name (ACCP
     * registers its key factories by name only, not by OID).
     */
    public static PublicKey publicKey(SubjectPublicKeyInfo key) throws GeneralSecurityException, IOException {
        return KeyFactory.getInstance(keyAlgorithmName(key.getAlgorithm().getAlgorithm()), FAST)
                .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    }

    /** The JCA name of a key algorithm OID, for key factories registered by name only (as ACCP's are). */
    public static String keyAlgorithmName(ASN1ObjectIdentifier algorithm) {
        return algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC"
                : algorithm.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA"
                : algorithm.equals(EdECObjectIdentifiers.id_Ed25519) ? "Ed25519"
                : algorithm.getId();
    }

    /** Bouncy Castle, for PEM/PKCS#8 encryption and algorithms only it offers. */
    public static Provider bouncyCastle() {
        return BOUNCY_CASTLE;
    }

    /** Forces installation; call early in main so TLS picks the fast provider as well. */
    public static String install() {
        return FAST.getName();
    }

    private static Provider installProviders() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(BOUNCY_CASTLE);
        }
        if (Boolean.getBoolean("hallmark.crypto.disable-accp")) {
            log.info("Crypto provider: Bouncy Castle (ACCP disabled by hallmark.crypto.disable-accp)");
            return BOUNCY_CASTLE;
        }
        try {
            Provider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (error == null) {
                if (Security.getProvider(accp.getName()) == null) {
                    AmazonCorrettoCryptoProvider.install();
                }
                log.info("Crypto provider: {} {}", accp.getName(), accp.getVersionStr());
                return accp;
            }
            log.warn("Amazon Corretto Crypto Provider unavailable ({}); using Bouncy Castle", error.toString());
        } catch (LinkageError e) {
            log.warn("Amazon Corretto Crypto Provider unavailable ({}); using Bouncy Castle", e.toString());
        }
        return BOUNCY_CASTLE;
    }
}
