package dev.hallmark.policy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.crypto.CryptoProviders;
import dev.hallmark.support.PolicyFuzzJudge;
import dev.hallmark.support.TestCsrs;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERVisibleString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes policy past the CSR's signature (docs/fuzzing.md). Random bytes almost never make a CSR whose
 * signature verifies, so {@link CsrPolicyFuzzTests} mostly exercises decoding; here the fuzzer's data
 * drives what a CSR holds and the harness builds and signs it with a real key: subject attributes of
 * every string type (raw bytes too, so a UTF8String may hold bytes that are not UTF-8), multi-valued
 * RDNs, SANs of every GeneralName type with fuzzed values, and extension requests (under PKCS#9's
 * attribute or Microsoft's) whose values may be of another ASN.1 type or empty. The judgement is
 * {@link PolicyFuzzJudge}'s: an approval that lints clean, or a clear refusal.
 *
 * <p>The seeds in {@code SignedCsrPolicyFuzzTestsInputs} are byte strings this harness reads; the
 * findings themselves are kept as CSRs from openssl and python cryptography in
 * {@code CsrPolicyFuzzTestsInputs}.
 */
class SignedCsrPolicyFuzzTests {

    private static final ASN1ObjectIdentifier[] ATTRIBUTES = {BCStyle.CN, BCStyle.O, BCStyle.OU, BCStyle.C, BCStyle.ST,
        BCStyle.L, BCStyle.EmailAddress, BCStyle.SERIALNUMBER, BCStyle.UID, BCStyle.DC};
    private static final ASN1ObjectIdentifier[] EXTENSIONS = {Extension.subjectAlternativeName, Extension.basicConstraints,
        Extension.keyUsage, Extension.extendedKeyUsage, Extension.subjectKeyIdentifier, Extension.nameConstraints};
    private static final KeyPurposeId[] PURPOSES = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth,
        KeyPurposeId.id_kp_codeSigning, KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_OCSPSigning,
        KeyPurposeId.anyExtendedKeyUsage};
    private static final String[] NAMES = {"device.example.com", "*.example.com", "10.0.0.1", "device@example.com",
        "https://example.com/x", "example.com", "", " ", "xn--nxasmq6b.example.com", "a..b"};

    private static final List<KeyPair> KEYS = new ArrayList<>();
    private static PolicyFuzzJudge judge;

    @BeforeAll
    static void keys() throws Exception {
        judge = PolicyFuzzJudge.create();
        KEYS.add(TestCsrs.ecKey("secp256r1"));
        KEYS.add(TestCsrs.ecKey("secp384r1"));
        KEYS.add(TestCsrs.rsaKey(2048));
        KEYS.add(KeyPairGenerator.getInstance("Ed25519", CryptoProviders.bouncyCastle()).generateKeyPair());
    }

    @AfterAll
    static void removeAuthorities() {
        judge.close();
    }

    @FuzzTest(maxDuration = "20s")
    void evaluateWhenSignedCsrHoldsAnyNamesAndExtensionsThenApprovedAndIssuableOrRefusedByName(FuzzedDataProvider data)
            throws Exception {
        KeyPair key = KEYS.get(data.consumeInt(0, KEYS.size() - 1));
        JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject(data),
                key.getPublic());
        int requests = data.consumeInt(0, 2);
        for (int i = 0; i < requests; i++) {
            builder.addAttribute(data.consumeBoolean() ? PKCSObjectIdentifiers.pkcs_9_at_extensionRequest
                    : ExtensionRequestPolicy.MS_EXT_REQ, extensions(data));
        }
        String algorithm = switch (key.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519" -> "Ed25519";
            default -> "SHA256withECDSA";
        };
        byte[] csr = builder.build(new JcaContentSignerBuilder(algorithm).setProvider(CryptoProviders.bouncyCastle())
                .build(key.getPrivate())).getEncoded();
        judge.judge(csr);
    }

    private static X500Name subject(FuzzedDataProvider data) {
        int count = data.consumeInt(0, 4);
        RDN[] rdns = new RDN[count];
        for (int i = 0; i < count; i++) {
            int values = data.consumeInt(1, data.consumeBoolean() ? 1 : 3);
            AttributeTypeAndValue[] atvs = new AttributeTypeAndValue[values];
            for (int j = 0; j < values; j++) {
                atvs[j] = new AttributeTypeAndValue(data.consumeInt(0, 9) == 0 ? new ASN1ObjectIdentifier("2.5.4."
                        + data.consumeInt(0, 99)) : data.pickValue(ATTRIBUTES), attributeValue(data));
            }
            rdns[i] = new RDN(atvs);
        }
        return new X500Name(rdns);
    }

    /** A value of any string type, or raw content bytes under a string tag (which the builders would have checked). */
    private static ASN1Encodable attributeValue(FuzzedDataProvider data) {
        String text = data.consumeString(80);
        return switch (data.consumeInt(0, 8)) {
            case 0 -> new DERPrintableString(text);
            case 1 -> new DERIA5String(text);
            case 2 -> new DERBMPString(text);
            case 3 -> new DERT61String(text);
            case 4 -> new DERVisibleString(text);
            case 5 -> new DERNumericString(text);
            case 6 -> raw(data.pickValue(new int[] {0x0c, 0x13, 0x16, 0x1e, 0x1c, 0x14, 0x1a, 0x12, 0x04, 0x02}),
                    data.consumeBytes(80));
            case 7 -> new DERSequence(new DERUTF8String(text));
            default -> new DERUTF8String(text);
        };
    }

    /** The Extensions SEQUENCE as a CSR may carry it: empty, or naming one extension twice, as well. */
    private static DERSequence extensions(FuzzedDataProvider data) throws IOException {
        int count = data.consumeInt(0, 4);
        List<Extension> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ASN1ObjectIdentifier oid = data.consumeInt(0, 9) == 0 ? new ASN1ObjectIdentifier("1.3.6.1.4.1.55555."
                    + data.consumeInt(0, 9)) : data.pickValue(EXTENSIONS);
            byte[] value = data.consumeInt(0, 3) == 0 ? otherValue(data) : value(oid, data);
            out.add(new Extension(oid, data.consumeBoolean(), new DEROctetString(value)));
        }
        return new DERSequence(out.toArray(Extension[]::new));
    }

    /** The extension's own type with fuzzed content. */
    private static byte[] value(ASN1ObjectIdentifier oid, FuzzedDataProvider data) throws IOException {
        if (oid.equals(Extension.subjectAlternativeName)) {
            int count = data.consumeInt(0, 5);
            GeneralName[] names = new GeneralName[count];
            for (int i = 0; i < count; i++) {
                names[i] = generalName(data);
            }
            return new GeneralNames(names).getEncoded();
        }
        if (oid.equals(Extension.basicConstraints)) {
            return (data.consumeBoolean() ? new BasicConstraints(data.consumeInt(0, 3))
                    : new BasicConstraints(data.consumeBoolean())).getEncoded();
        }
        if (oid.equals(Extension.keyUsage)) {
            return new KeyUsage(data.consumeInt(0, 0xffff)).getEncoded();
        }
        if (oid.equals(Extension.extendedKeyUsage)) {
            int count = data.consumeInt(1, 3);
            KeyPurposeId[] purposes = new KeyPurposeId[count];
            for (int i = 0; i < count; i++) {
                purposes[i] = data.pickValue(PURPOSES);
            }
            return new DERSequence(purposes).getEncoded();
        }
        return new DEROctetString(data.consumeBytes(32)).getEncoded();
    }

    private static GeneralName generalName(FuzzedDataProvider data) {
        String text = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(64);
        return switch (data.consumeInt(0, 7)) {
            case 0 -> new GeneralName(GeneralName.dNSName, new DERIA5String(text));
            case 1 -> new GeneralName(GeneralName.iPAddress, new DEROctetString(data.consumeBytes(17)));
            case 2 -> new GeneralName(GeneralName.rfc822Name, new DERIA5String(text));
            case 3 -> new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(text));
            case 4 -> new GeneralName(GeneralName.directoryName, new X500Name("CN=x"));
            case 5 -> new GeneralName(GeneralName.registeredID, new ASN1ObjectIdentifier("1.2.3"));
            // a name under a string tag whose content is of another type: the encoding is what a hostile CSR sends
            case 6 -> underStringTag(data.pickValue(new int[] {1, 2, 6}), new DERUTF8String(text));
            default -> new GeneralName(GeneralName.dNSName, new DERIA5String(text));
        };
    }

    private static GeneralName underStringTag(int tag, ASN1Encodable value) {
        try {
            return GeneralName.getInstance(new DERTaggedObject(false, tag, value));
        } catch (RuntimeException e) {
            return new GeneralName(GeneralName.dNSName, "fallback.example.com");
        }
    }

    /** A value of another ASN.1 type than the extension's, or none. */
    private static byte[] otherValue(FuzzedDataProvider data) throws IOException {
        return switch (data.consumeInt(0, 6)) {
            case 0 -> new byte[0];
            case 1 -> new DERUTF8String(data.consumeString(16)).getEncoded();
            case 2 -> DERNull.INSTANCE.getEncoded();
            case 3 -> new DERSequence().getEncoded();
            case 4 -> new org.bouncycastle.asn1.ASN1Integer(data.consumeLong()).getEncoded();
            case 5 -> org.bouncycastle.asn1.ASN1Boolean.getInstance(data.consumeBoolean()).getEncoded();
            default -> data.consumeBytes(32);
        };
    }

    /** Content bytes under a tag as they are; an encoding Bouncy Castle cannot read at all becomes a UTF8String of them. */
    private static ASN1Encodable raw(int tag, byte[] content) {
        byte[] der = new byte[content.length + 2];
        der[0] = (byte) tag;
        der[1] = (byte) content.length;
        System.arraycopy(content, 0, der, 2, content.length);
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            return new DERUTF8String(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
