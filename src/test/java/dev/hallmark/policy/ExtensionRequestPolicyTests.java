package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.KeyUsageFlag;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.support.TestCsrs;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class ExtensionRequestPolicyTests {

    private static final CertificateProfile SERVER = profile("server");
    private static final CertificateProfile CLIENT = profile("client");
    /** What the server profile allows an EC key: keyEncipherment is taken out. */
    private static final Set<KeyUsageFlag> EC_SERVER_USAGE = EnumSet.of(KeyUsageFlag.digitalSignature);
    private static final Set<KeyUsageFlag> RSA_SERVER_USAGE =
            EnumSet.of(KeyUsageFlag.digitalSignature, KeyUsageFlag.keyEncipherment);

    @Test
    void requestedWhenCsrAsksForNothingThenNull() {
        assertThat(ExtensionRequestPolicy.requested(TestCsrs.csr().build())).isNull();
    }

    @Test
    void checkWhenOnlySanAndSubjectKeyIdentifierThenPasses() {
        Extensions requested = requested(TestCsrs.csr().dns("web.example")
                .extension(Extension.subjectKeyIdentifier, false, new org.bouncycastle.asn1.DEROctetString(new byte[20])));
        assertThat(requested.getExtensionOIDs()).containsExactly(Extension.subjectKeyIdentifier, Extension.subjectAlternativeName);
        ExtensionRequestPolicy.check(requested, SERVER, EC_SERVER_USAGE);
    }

    @Test
    void checkWhenCaFalseKeyUsageAndEkuWithinTheProfileThenPasses() {
        ExtensionRequestPolicy.check(requested(TestCsrs.csr()
                .extension(Extension.basicConstraints, true, new BasicConstraints(false))
                .extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))),
                SERVER, RSA_SERVER_USAGE);
    }

    @Test
    void checkWhenCaTrueThenRefusesAsCaRequested() {
        Extensions requested = requested(TestCsrs.csr().extension(Extension.basicConstraints, true, new BasicConstraints(true)));
        assertRefused(requested, SERVER, EC_SERVER_USAGE, Violation.CA_REQUESTED,
                "the CSR asks for basicConstraints cA=true; profile 'server' issues end-entity certificates only");
    }

    @Test
    void checkWhenKeyCertSignThenRefusesAsCaRequested() {
        Extensions requested = requested(TestCsrs.csr().extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)));
        assertRefused(requested, SERVER, EC_SERVER_USAGE, Violation.CA_REQUESTED,
                "the CSR asks for keyUsage keyCertSign; profile 'server' issues end-entity certificates only");
    }

    @Test
    void checkWhenKeyEnciphermentForAnEcKeyThenRefusesNamingTheBit() {
        Extensions requested = requested(TestCsrs.csr().extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)));
        assertRefused(requested, SERVER, EC_SERVER_USAGE, Violation.FORBIDDEN_EXTENSION,
                "the CSR asks for keyUsage keyEncipherment, which profile 'server' does not allow for this key");
    }

    @Test
    void checkWhenSeveralUsagesOutsideTheProfileThenNamesEachBit() {
        Extensions requested = requested(TestCsrs.csr().extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.nonRepudiation | KeyUsage.dataEncipherment | KeyUsage.decipherOnly)));
        assertRefused(requested, SERVER, RSA_SERVER_USAGE, Violation.FORBIDDEN_EXTENSION,
                "the CSR asks for keyUsage nonRepudiation, dataEncipherment, decipherOnly, which profile 'server' "
                        + "does not allow for this key");
    }

    @Test
    void checkWhenEkuOutsideTheProfileThenRefusesNamingThePurpose() {
        Extensions requested = requested(TestCsrs.csr().extension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth})));
        assertRefused(requested, CLIENT, EC_SERVER_USAGE, Violation.FORBIDDEN_EXTENSION,
                "the CSR asks for extendedKeyUsage serverAuth, which profile 'client' does not allow");
    }

    @Test
    void checkWhenEkuIsUnknownThenRefusesNamingItsOid() {
        Extensions requested = requested(TestCsrs.csr().extension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage)));
        assertRefused(requested, SERVER, EC_SERVER_USAGE, Violation.FORBIDDEN_EXTENSION,
                "the CSR asks for extendedKeyUsage 2.5.29.37.0, which profile 'server' does not allow");
    }

    @Test
    void checkWhenAnUnknownExtensionThenRefusesNamingItsOid() {
        Extensions requested = requested(TestCsrs.csr().extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1"), false,
                new DERUTF8String("please")));
        assertRefused(requested, SERVER, EC_SERVER_USAGE, Violation.FORBIDDEN_EXTENSION,
                "the CSR asks for extension 1.3.6.1.4.1.55555.1, which profile 'server' does not allow");
    }

    @Test
    void checkWhenNameConstraintsThenRefusesNamingItsOid() {
        var constraints = new NameConstraints(new GeneralSubtree[] {
            new GeneralSubtree(new GeneralName(GeneralName.dNSName, "example.com"))}, null);
        Extensions requested = requested(TestCsrs.csr().extension(Extension.nameConstraints, true, constraints));
        assertRefused(requested, SERVER, EC_SERVER_USAGE, Violation.FORBIDDEN_EXTENSION,
                "the CSR asks for extension 2.5.29.30, which profile 'server' does not allow");
    }

    @Test
    void requestedWhenTwoExtensionRequestAttributesThenRefuses() throws Exception {
        // a harmless first request, and a second one hoping only the first is looked at
        var keys = TestCsrs.ecKey("secp256r1");
        var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=web.example"), keys.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(new Extension(
                        Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName,
                        "web.example")).getEncoded())))
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(new Extension(
                        Extension.basicConstraints, true, new BasicConstraints(true).getEncoded())));
        PKCS10CertificationRequest csr = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        assertRequestedRefused(csr, "the CSR has more than one extensionRequest");
    }

    @Test
    void requestedWhenExtensionRequestIsNotExtensionsThenRefuses() throws Exception {
        var keys = TestCsrs.ecKey("secp256r1");
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=web.example"), keys.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERUTF8String("CA:TRUE"))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        assertRequestedRefused(csr, "the CSR's extensionRequest cannot be parsed");
    }

    @Test
    void requestedWhenMicrosoftExtensionRequestAsksForCaThenRefuses() throws Exception {
        // certreq and some older tools use the Microsoft attribute 1.3.6.1.4.1.311.2.1.14 for the same thing
        var keys = TestCsrs.ecKey("secp256r1");
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=web.example"), keys.getPublic())
                .addAttribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.14"), new Extensions(new Extension(
                        Extension.basicConstraints, true, new BasicConstraints(true).getEncoded())))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        assertThatThrownBy(() -> ExtensionRequestPolicy.check(ExtensionRequestPolicy.requested(csr), SERVER, EC_SERVER_USAGE))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.CA_REQUESTED))
                .hasMessage("the CSR asks for basicConstraints cA=true; profile 'server' issues end-entity certificates only");
    }

    @Test
    void requestedWhenExtensionRequestAttributeHasTwoValuesThenRefuses() throws Exception {
        var keys = TestCsrs.ecKey("secp256r1");
        var san = new Extensions(new Extension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "web.example")).getEncoded()));
        var ca = new Extensions(new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded()));
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=web.example"), keys.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new org.bouncycastle.asn1.ASN1Encodable[] {san, ca})
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        assertThat(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues())
                .isInstanceOf(DERSet.class);
        assertRequestedRefused(csr, "the CSR has more than one extensionRequest");
    }

    /** Each extension policy reads, with a value of another ASN.1 type or none; fuzzing found these as 500s. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "subjectAltName, 2.5.29.17, 0c0178", "subjectAltName, 2.5.29.17, ''", "subjectAltName, 2.5.29.17, 3000",
        "subjectAltName, 2.5.29.17, 3003020101",
        "basicConstraints, 2.5.29.19, 0c0178", "basicConstraints, 2.5.29.19, ''", "basicConstraints, 2.5.29.19, 30030c0178",
        "keyUsage, 2.5.29.15, 0c0178", "keyUsage, 2.5.29.15, ''", "keyUsage, 2.5.29.15, 0101ff",
        "extendedKeyUsage, 2.5.29.37, 0c0178", "extendedKeyUsage, 2.5.29.37, ''", "extendedKeyUsage, 2.5.29.37, 3000",
        "extendedKeyUsage, 2.5.29.37, 30030c0178"})
    void requestedWhenAnExtensionValueIsEmptyOrOfAnotherTypeThenRefusesNamingIt(String name, String oid, String hex) {
        byte[] value = hex == null ? new byte[0] : java.util.HexFormat.of().parseHex(hex);
        PKCS10CertificationRequest csr = TestCsrs.csr().rawExtension(new ASN1ObjectIdentifier(oid), false, value).build();
        assertRequestedRefused(csr, "the CSR asks for " + name + " with a value that is not one (empty or of another ASN.1 type)");
        assertThatThrownBy(() -> IssuancePolicy.requestedSubjectAltNames(csr)).isInstanceOf(PolicyViolationException.class);
    }

    @Test
    void requestedWhenAnExtensionValueHasTrailingBytesThenRefusesNamingIt() {
        PKCS10CertificationRequest csr = TestCsrs.csr().rawExtension(Extension.basicConstraints, true,
                new byte[] {0x30, 0x00, 0x00, 0x00}).build();
        assertRequestedRefused(csr, "the CSR asks for basicConstraints with a value that is not one (empty or of another "
                + "ASN.1 type)");
    }

    @Test
    void subjectAltNamesWhenRequestedThenReadAsGeneralNames() {
        PKCS10CertificationRequest csr = TestCsrs.csr().dns("web.example").ip("10.0.0.1").build();
        assertThat(IssuancePolicy.requestedSubjectAltNames(csr).getNames()).extracting(GeneralName::getTagNo)
                .containsExactly(GeneralName.dNSName, GeneralName.iPAddress);
        assertThat(IssuancePolicy.requestedSubjectAltNames(TestCsrs.csr().build())).isNull();
    }

    private static void assertRequestedRefused(PKCS10CertificationRequest csr, String message) {
        assertThatThrownBy(() -> ExtensionRequestPolicy.requested(csr))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.MALFORMED_CSR))
                .hasMessage(message);
    }

    private static void assertRefused(Extensions requested, CertificateProfile profile, Set<KeyUsageFlag> usage,
            Violation violation, String message) {
        assertThatThrownBy(() -> ExtensionRequestPolicy.check(requested, profile, usage))
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.violation()).isEqualTo(violation))
                .hasMessage(message);
    }

    private static Extensions requested(TestCsrs csr) {
        return ExtensionRequestPolicy.requested(csr.build());
    }

    private static CertificateProfile profile(String name) {
        return ProfileCatalog.builtIn().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
