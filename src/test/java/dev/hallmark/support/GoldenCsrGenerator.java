package dev.hallmark.support;

import dev.hallmark.crypto.CryptoProviders;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * Writes the Bouncy Castle golden CSRs into {@code src/test/resources/csr}; run once, the output is
 * committed (see the README there):
 * {@code mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt && java -cp
 * target/test-classes:target/classes:$(cat cp.txt) dev.hallmark.support.GoldenCsrGenerator src/test/resources/csr}
 */
public final class GoldenCsrGenerator {

    private GoldenCsrGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/csr");
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519", CryptoProviders.bouncyCastle()).generateKeyPair();
        write(dir, "bc-ed25519-device.csr", request("CN=sensor-17,O=Example", ed)
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        sans(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:dev:sensor-17"))), ed, "Ed25519");

        KeyPair client = TestCsrs.ecKey("secp256r1");
        write(dir, "bc-ec-p256-client.csr", request("CN=carol,OU=Ops,O=Example", client)
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        sans(new GeneralName(GeneralName.rfc822Name, "carol@example.com"))), client, "SHA256withECDSA");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", CryptoProviders.bouncyCastle());
        rsa.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
        KeyPair e3 = rsa.generateKeyPair();
        write(dir, "bc-rsa-2048-exponent-3.csr", request("CN=e3.example", e3)
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        sans(new GeneralName(GeneralName.dNSName, "e3.example"))), e3, "SHA256withRSA");

        // P-256 spelled out as explicit parameters instead of its name
        KeyPair explicit = TestCsrs.ecKey("secp256r1");
        SubjectPublicKeyInfo named = SubjectPublicKeyInfo.getInstance(explicit.getPublic().getEncoded());
        SubjectPublicKeyInfo spelled = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                new X962Parameters(ECNamedCurveTable.getByName("P-256"))), named.getPublicKeyData().getBytes());
        write(dir, "bc-ec-explicit-params.csr", new PKCS10CertificationRequestBuilder(new X500Name("CN=explicit.example"), spelled)
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        sans(new GeneralName(GeneralName.dNSName, "explicit.example"))), explicit, "SHA256withECDSA");

        // a harmless extensionRequest, then a second one asking for cA=true
        KeyPair twice = TestCsrs.ecKey("secp256r1");
        write(dir, "bc-two-extension-requests.csr", request("CN=twice.example", twice)
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        sans(new GeneralName(GeneralName.dNSName, "twice.example")))
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, caTrue()), twice, "SHA256withECDSA");

        // cA=true asked for in Microsoft's extension request attribute (1.3.6.1.4.1.311.2.1.14)
        KeyPair ms = TestCsrs.ecKey("secp256r1");
        write(dir, "bc-ms-extension-request-ca.csr", request("CN=ms.example", ms)
                .addAttribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.14"), caTrue()), ms, "SHA256withECDSA");
    }

    private static PKCS10CertificationRequestBuilder request(String subject, KeyPair keys) {
        return new PKCS10CertificationRequestBuilder(new X500Name(subject),
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    }

    private static Extensions sans(GeneralName... names) throws IOException {
        return new Extensions(new Extension(Extension.subjectAlternativeName, false, new GeneralNames(names).getEncoded()));
    }

    private static Extensions caTrue() throws IOException {
        return new Extensions(new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded()));
    }

    private static void write(Path dir, String name, PKCS10CertificationRequestBuilder builder, KeyPair keys,
            String algorithm) throws Exception {
        PKCS10CertificationRequest csr = builder.build(new JcaContentSignerBuilder(algorithm)
                .setProvider(CryptoProviders.bouncyCastle()).build(keys.getPrivate()));
        Files.writeString(dir.resolve(name), TestCsrs.pem(csr), StandardCharsets.US_ASCII);
    }
}
