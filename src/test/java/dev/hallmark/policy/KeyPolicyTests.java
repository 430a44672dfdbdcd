package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.TestCsrs;
import java.math.BigInteger;
import java.security.KeyPair;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.teletrust.TeleTrusTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class KeyPolicyTests {

    private static final BigInteger F4 = BigInteger.valueOf(65537);

    @Test
    void checkWhenRsa2048With65537ThenRsa() {
        assertThat(KeyPolicy.check(rsa(2048, F4))).isEqualTo(KeyPolicy.KeyType.RSA);
    }

    @Test
    void checkWhenRsa8192ThenRsa() {
        assertThat(KeyPolicy.check(rsa(8192, F4))).isEqualTo(KeyPolicy.KeyType.RSA);
    }

    @Test
    void checkWhenRsaExponentIsTheLargestAllowedThenRsa() {
        assertThat(KeyPolicy.check(rsa(2048, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))))
                .isEqualTo(KeyPolicy.KeyType.RSA);
    }

    @Test
    void checkWhenRsa1024ThenRefusesAsWeak() {
        assertRefused(rsa(1024, F4), Violation.WEAK_KEY, "RSA key of 1024 bits is too weak; use at least 2048 bits");
    }

    @Test
    void checkWhenRsa2047ThenRefusesAsWeak() {
        assertRefused(rsa(2047, F4), Violation.WEAK_KEY, "RSA key of 2047 bits is too weak; use at least 2048 bits");
    }

    @Test
    void checkWhenRsa8193ThenRefusesAsUnsupported() {
        assertRefused(rsa(8193, F4), Violation.UNSUPPORTED_KEY, "RSA key of 8193 bits exceeds 8192 bits");
    }

    @Test
    void checkWhenRsaExponentIs3ThenRefuses() {
        assertRefused(rsa(2048, BigInteger.valueOf(3)), Violation.WEAK_KEY,
                "RSA public exponent 3 is not allowed; use 65537");
    }

    @Test
    void checkWhenRsaExponentIsEvenThenRefuses() {
        assertRefused(rsa(2048, BigInteger.valueOf(65538)), Violation.WEAK_KEY,
                "RSA public exponent 65538 is not allowed; use 65537");
    }

    @Test
    void checkWhenRsaExponentIsBeyond256BitsThenRefuses() {
        BigInteger huge = BigInteger.ONE.shiftLeft(256).add(BigInteger.ONE);
        assertRefused(rsa(2048, huge), Violation.WEAK_KEY, "RSA public exponent " + huge + " is not allowed; use 65537");
    }

    @Test
    void checkWhenRsaKeyBitsAreNotAnRsaKeyThenRefuses() {
        var spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new byte[] {1, 2, 3});
        assertRefused(spki, Violation.UNSUPPORTED_KEY, "the RSA public key cannot be parsed");
    }

    @Test
    void checkWhenEcOnP256P384OrP521ThenEc() {
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            assertThat(KeyPolicy.check(spki(TestCsrs.ecKey(curve)))).as(curve).isEqualTo(KeyPolicy.KeyType.EC);
        }
    }

    @Test
    void checkWhenEcOnSecp256k1ThenRefusesNamingTheCurve() {
        assertRefused(ec(SECObjectIdentifiers.secp256k1), Violation.UNSUPPORTED_KEY,
                "EC curve secp256k1 is not supported; use P-256, P-384 or P-521");
    }

    @Test
    void checkWhenEcOnBrainpoolThenRefusesNamingTheCurve() {
        assertRefused(ec(TeleTrusTObjectIdentifiers.brainpoolP256r1), Violation.UNSUPPORTED_KEY,
                "EC curve brainpoolP256r1 is not supported; use P-256, P-384 or P-521");
    }

    @Test
    void checkWhenEcOnAnUnnamedOidThenRefusesNamingTheOid() {
        assertRefused(ec(new ASN1ObjectIdentifier("1.2.3.4")), Violation.UNSUPPORTED_KEY,
                "EC curve 1.2.3.4 is not supported; use P-256, P-384 or P-521");
    }

    @Test
    void checkWhenEcHasExplicitCurveParametersThenRefuses() {
        // P-256 itself, spelled out instead of named: still refused (explicit parameters hide weak curves)
        var explicit = new X962Parameters(ECNamedCurveTable.getByName("P-256"));
        var spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, explicit),
                spki(TestCsrs.ecKey("secp256r1")).getPublicKeyData().getBytes());
        assertRefused(spki, Violation.UNSUPPORTED_KEY,
                "EC keys must name their curve (explicit curve parameters are not accepted)");
    }

    @Test
    void checkWhenEd25519ThenEd25519() {
        assertThat(KeyPolicy.check(spki(generate("Ed25519")))).isEqualTo(KeyPolicy.KeyType.ED25519);
    }

    @Test
    void checkWhenEd448ThenRefusesNamingTheAlgorithm() {
        assertRefused(spki(generate("Ed448")), Violation.UNSUPPORTED_KEY,
                "key algorithm 1.3.101.113 is not supported; use RSA, EC (P-256, P-384, P-521) or Ed25519");
    }

    @Test
    void checkWhenDsaThenRefusesNamingTheAlgorithm() {
        var spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_dsa), new byte[] {2, 1, 1});
        assertRefused(spki, Violation.UNSUPPORTED_KEY,
                "key algorithm 1.2.840.10040.4.1 is not supported; use RSA, EC (P-256, P-384, P-521) or Ed25519");
    }

    @Test
    void checkProofOfPossessionWhenSignedByItsKeyThenPasses() {
        for (KeyPair keys : new KeyPair[] {TestCsrs.ecKey("secp384r1"), TestCsrs.rsaKey(2048), generate("Ed25519")}) {
            KeyPolicy.checkProofOfPossession(TestCsrs.csr().keys(keys).build());
        }
    }

    @Test
    void checkProofOfPossessionWhenSignedWithLessCommonAlgorithmsThenPasses() {
        KeyPolicy.checkProofOfPossession(TestCsrs.csr().keys(TestCsrs.rsaKey(2048))
                .signatureAlgorithm("SHA256withRSAandMGF1").build());
        KeyPolicy.checkProofOfPossession(TestCsrs.csr().keys(TestCsrs.ecKey("secp384r1"))
                .signatureAlgorithm("SHA384withECDSA").build());
        KeyPolicy.checkProofOfPossession(TestCsrs.csr().keys(TestCsrs.rsaKey(2048)).signatureAlgorithm("SHA512withRSA")
                .build());
    }

    @Test
    void checkProofOfPossessionWhenRsaPssSignatureIsCorruptedThenRefuses() {
        PKCS10CertificationRequest csr = TestCsrs.csr().keys(TestCsrs.rsaKey(2048))
                .signatureAlgorithm("SHA256withRSAandMGF1").build();
        byte[] signature = csr.getSignature();
        signature[10] ^= 1;
        assertPopRefused(new PKCS10CertificationRequest(new CertificationRequest(csr.toASN1Structure().getCertificationRequestInfo(),
                csr.getSignatureAlgorithm(), new DERBitString(signature))));
    }

    @Test
    void checkProofOfPossessionWhenSignatureIsCorruptedThenRefuses() {
        PKCS10CertificationRequest csr = TestCsrs.csr().build();
        byte[] signature = csr.getSignature();
        signature[signature.length - 1] ^= 1;
        assertPopRefused(new PKCS10CertificationRequest(new CertificationRequest(csr.toASN1Structure().getCertificationRequestInfo(),
                csr.getSignatureAlgorithm(), new DERBitString(signature))));
    }

    @Test
    void checkProofOfPossessionWhenKeyWasSwappedAfterSigningThenRefuses() {
        PKCS10CertificationRequest csr = TestCsrs.csr().build();
        CertificationRequestInfo info = csr.toASN1Structure().getCertificationRequestInfo();
        var swapped = new CertificationRequestInfo(info.getSubject(), spki(TestCsrs.ecKey("secp256r1")), info.getAttributes());
        assertPopRefused(new PKCS10CertificationRequest(new CertificationRequest(swapped, csr.getSignatureAlgorithm(),
                new DERBitString(csr.getSignature()))));
    }

    @Test
    void checkProofOfPossessionWhenSignatureAlgorithmDoesNotFitTheKeyThenRefuses() {
        PKCS10CertificationRequest csr = TestCsrs.csr().build();
        assertPopRefused(new PKCS10CertificationRequest(new CertificationRequest(
                csr.toASN1Structure().getCertificationRequestInfo(),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE),
                new DERBitString(csr.getSignature()))));
    }

    private static void assertPopRefused(PKCS10CertificationRequest csr) {
        assertThatThrownBy(() -> KeyPolicy.checkProofOfPossession(csr))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.BAD_CSR_SIGNATURE))
                .hasMessage("the CSR's signature does not verify with its public key (proof of possession failed)");
    }

    private static void assertRefused(SubjectPublicKeyInfo key, Violation violation, String message) {
        assertThatThrownBy(() -> KeyPolicy.check(key))
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.violation()).isEqualTo(violation))
                .hasMessage(message);
    }

    /** An RSA public key of exactly {@code bits} bits; KeyPolicy looks only at its size and exponent. */
    private static SubjectPublicKeyInfo rsa(int bits, BigInteger exponent) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.valueOf(0x2f1d));
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, exponent));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SubjectPublicKeyInfo ec(ASN1ObjectIdentifier curve) {
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), new byte[] {4, 1, 2});
    }

    private static SubjectPublicKeyInfo spki(KeyPair keys) {
        return SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    }

    private static KeyPair generate(String algorithm) {
        try {
            return java.security.KeyPairGenerator.getInstance(algorithm,
                    dev.hallmark.crypto.CryptoProviders.bouncyCastle()).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
