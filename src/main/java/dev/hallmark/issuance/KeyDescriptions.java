package dev.hallmark.issuance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** A key and its usages in words, for {@link IssuancePreview}. */
final class KeyDescriptions {

    private static final List<Map.Entry<Integer, String>> USAGES = List.of(
            Map.entry(KeyUsage.digitalSignature, "digitalSignature"),
            Map.entry(KeyUsage.nonRepudiation, "nonRepudiation"),
            Map.entry(KeyUsage.keyEncipherment, "keyEncipherment"),
            Map.entry(KeyUsage.dataEncipherment, "dataEncipherment"),
            Map.entry(KeyUsage.keyAgreement, "keyAgreement"));

    private static final Map<KeyPurposeId, String> PURPOSES = Map.of(
            KeyPurposeId.id_kp_serverAuth, "serverAuth",
            KeyPurposeId.id_kp_clientAuth, "clientAuth",
            KeyPurposeId.id_kp_emailProtection, "emailProtection",
            KeyPurposeId.id_kp_codeSigning, "codeSigning");

    private KeyDescriptions() {
    }

    static String describe(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        try {
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return "RSA " + RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength() + " bit";
            }
            if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(key.getAlgorithm().getParameters());
                String curve = NISTNamedCurves.getName(oid) != null ? "P-" + NISTNamedCurves.getName(oid).substring(2)
                        : ECNamedCurveTable.getName(oid);
                return "EC " + (curve == null ? "named curve" : curve);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            return algorithm.getId();
        }
        return algorithm.equals(EdECObjectIdentifiers.id_Ed25519) ? "Ed25519" : algorithm.getId();
    }

    static List<String> keyUsage(int bits) {
        List<String> names = new ArrayList<>();
        USAGES.forEach(u -> {
            if ((bits & u.getKey()) != 0) {
                names.add(u.getValue());
            }
        });
        return names;
    }

    static String purpose(KeyPurposeId purpose) {
        return PURPOSES.getOrDefault(purpose, purpose.getId());
    }
}
