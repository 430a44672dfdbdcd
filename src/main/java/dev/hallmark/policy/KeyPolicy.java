package dev.hallmark.policy;

import dev.hallmark.crypto.CryptoProviders;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Which subject keys the CA certifies: RSA of 2048 to 8192 bits with an odd exponent between
 * 2^16+1 and 2^256-1 (CA/Browser Forum Baseline Requirements 6.1.6); EC on P-256, P-384 or
 * P-521 as a named curve; Ed25519. Everything else is refused.
 */
public final class KeyPolicy {

    /** The key's family, which decides the key usages that fit it. */
    public enum KeyType { RSA, EC, ED25519 }

    private static final BigInteger MIN_EXPONENT = BigInteger.valueOf(65537);
    private static final BigInteger MAX_EXPONENT = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");
    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA");

    private KeyPolicy() {
    }

    public static KeyType check(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            RSAPublicKey rsa;
            try {
                rsa = RSAPublicKey.getInstance(key.parsePublicKey());
            } catch (Exception e) {
                throw new PolicyViolationException(Violation.UNSUPPORTED_KEY, "the RSA public key cannot be parsed");
            }
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048) {
                throw new PolicyViolationException(Violation.WEAK_KEY,
                        "RSA key of " + bits + " bits is too weak; use at least 2048 bits");
            }
            if (bits > 8192) {
                throw new PolicyViolationException(Violation.UNSUPPORTED_KEY, "RSA key of " + bits + " bits exceeds 8192 bits");
            }
            BigInteger e = rsa.getPublicExponent();
            if (!e.testBit(0) || e.compareTo(MIN_EXPONENT) < 0 || e.compareTo(MAX_EXPONENT) > 0) {
                throw new PolicyViolationException(Violation.WEAK_KEY,
                        "RSA public exponent " + e + " is not allowed; use 65537");
            }
            return KeyType.RSA;
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            var params = key.getAlgorithm().getParameters();
            if (!(params instanceof ASN1ObjectIdentifier curve)) {
                throw new PolicyViolationException(Violation.UNSUPPORTED_KEY,
                        "EC keys must name their curve (explicit curve parameters are not accepted)");
            }
            if (!CURVES.containsKey(curve)) {
                throw new PolicyViolationException(Violation.UNSUPPORTED_KEY,
                        "EC curve " + curveName(curve) + " is not supported; use P-256, P-384 or P-521");
            }
            return KeyType.EC;
        }
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return KeyType.ED25519;
        }
        throw new PolicyViolationException(Violation.UNSUPPORTED_KEY,
                "key algorithm " + algorithm.getId() + " is not supported; use RSA, EC (P-256, P-384, P-521) or Ed25519");
    }

    /** Proof of possession: the CSR is signed by the key it asks to certify (RFC 2986 section 3). */
    public static void checkProofOfPossession(PKCS10CertificationRequest csr) {
        boolean valid;
        try {
            valid = verifiesDirectly(csr);
        } catch (Exception notDirectly) {
            try {
                valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider(CryptoProviders.bouncyCastle()).build(csr.getSubjectPublicKeyInfo()));
            } catch (Exception e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new PolicyViolationException(Violation.BAD_CSR_SIGNATURE,
                    "the CSR's signature does not verify with its public key (proof of possession failed)");
        }
    }

    /**
     * The common signature algorithms, verified with the fast provider through plain JCA. Bouncy
     * Castle's content verifier is avoided on purpose: for ECDSA and RSA it verifies a second time
     * with a raw signature (for PKCS#11 sessions), doubling the most expensive step of a request;
     * and given a SubjectPublicKeyInfo it asks the provider for a key factory by OID, which ACCP
     * does not register, so the key is decoded by name instead. Anything else (RSA-PSS, Ed25519)
     * throws here and goes to Bouncy Castle.
     */
    private static boolean verifiesDirectly(PKCS10CertificationRequest csr) throws Exception {
        String algorithm = SIGNATURES.get(csr.getSignatureAlgorithm().getAlgorithm());
        if (algorithm == null) {
            throw new NoSuchAlgorithmException(csr.getSignatureAlgorithm().getAlgorithm().getId());
        }
        Signature signature = Signature.getInstance(algorithm, CryptoProviders.signatures());
        signature.initVerify(CryptoProviders.publicKey(csr.getSubjectPublicKeyInfo()));
        signature.update(csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
        return signature.verify(csr.getSignature());
    }

    private static String curveName(ASN1ObjectIdentifier curve) {
        String name = org.bouncycastle.asn1.x9.ECNamedCurveTable.getName(curve);
        return name != null ? name : curve.getId();
    }
}
