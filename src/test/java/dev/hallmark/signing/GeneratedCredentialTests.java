package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.policy.KeyPolicy;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedCredentialTests {

    @TempDir
    Path dir;

    @Test
    void csrWhenBuiltThenCarriesSubjectAndSansAndVerifies() throws Exception {
        GeneratedCredential credential = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
        GeneralNames sans = new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost"));
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(credential.csr(new X500Name("CN=localhost"), sans));
        assertThat(csr.getSubject()).isEqualTo(new X500Name("CN=localhost"));
        Extensions requested = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        assertThat(GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName)).isEqualTo(sans);
        KeyPolicy.checkProofOfPossession(csr);
    }

    @Test
    void csrWhenRsaWithoutSansThenVerifiesAndAsksForNothing() throws Exception {
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                GeneratedCredential.generate(KeyAlgorithm.RSA_2048).csr(new X500Name("CN=admin")));
        assertThat(csr.getAttributes()).isEmpty();
        KeyPolicy.checkProofOfPossession(csr);
    }

    @Test
    void pkcs12WhenLoadedByTheJdkThenHoldsTheKeyAndTheChain() throws Exception {
        CaKeyStore store = CaKeyStoreTests.newCa(dir, KeyAlgorithm.EC_P256);
        CertificateAuthorities cas = store.load();
        GeneratedCredential credential = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
        var leaf = CertificateSignerTests.issue(cas,
                new PKCS10CertificationRequest(credential.csr(new X500Name("CN=admin"))).getSubjectPublicKeyInfo());
        char[] password = "p12-password".toCharArray();

        byte[] p12 = credential.pkcs12("admin", java.util.List.of(leaf, cas.certificate(IssuerId.ISSUING)), password);

        KeyStore loaded = KeyStore.getInstance("PKCS12");
        loaded.load(new ByteArrayInputStream(p12), password);
        assertThat(java.util.Collections.list(loaded.aliases())).containsExactly("admin");
        PrivateKey key = (PrivateKey) loaded.getKey("admin", password);
        X509Certificate[] chain = java.util.Arrays.stream(loaded.getCertificateChain("admin"))
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        assertThat(chain).hasSize(2);
        assertThat(chain[0].getEncoded()).isEqualTo(leaf.getEncoded());
        assertThat(Issuer.keyMatches(SigningKey.software(key, chain[0].getPublicKey()), chain[0].getPublicKey(),
                "SHA256withECDSA")).isTrue();
        chain[0].verify(chain[1].getPublicKey());
    }

    @Test
    void privateKeyPemWhenAskedThenUnencryptedPkcs8() {
        assertThat(GeneratedCredential.generate(KeyAlgorithm.EC_P256).privateKeyPem())
                .startsWith("-----BEGIN PRIVATE KEY-----").contains("-----END PRIVATE KEY-----");
    }
}
