package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ExtendedKeyUsageName;
import dev.hallmark.profile.KeyUsageFlag;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.profile.SanType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;
import org.junit.jupiter.api.Test;

class NamePolicyTests {

    private static final CertificateProfile SERVER = builtIn("server");
    private static final CertificateProfile CLIENT = builtIn("client");
    private static final CertificateProfile DEVICE = builtIn("device");
    private static final CertificateProfile CORP = new CertificateProfile("corp", "names under corp.example only",
            Set.of(KeyUsageFlag.digitalSignature), Set.of(ExtendedKeyUsageName.clientAuth),
            Set.of(SanType.DNS, SanType.EMAIL), false, false, false, List.of("*.corp.example", "corp.example"),
            Set.of("CN"), Duration.ofDays(30), Duration.ofDays(7), false);

    // subject

    @Test
    void checkSubjectWhenAttributesAreAllowedThenPasses() {
        NamePolicy.checkSubject(new X500Name("C=DE,ST=Berlin,L=Berlin,O=Example,OU=Web,CN=web.example"), SERVER, null);
    }

    @Test
    void checkSubjectWhenEmptyAndProfileNeedsNoCommonNameThenPasses() {
        NamePolicy.checkSubject(new X500Name(new RDN[0]), SERVER, null);
    }

    @Test
    void checkSubjectWhenAttributeIsNotAllowedThenRefusesListingTheAllowedOnes() {
        assertRefused(() -> NamePolicy.checkSubject(new X500Name("CN=web.example,E=ops@web.example"), SERVER, null),
                Violation.FORBIDDEN_SUBJECT,
                "subject attribute emailAddress is not allowed by profile 'server' (allowed: C, CN, L, O, OU, ST)");
    }

    @Test
    void checkSubjectWhenAttributeHasNoShortNameThenRefusesNamingItsOid() {
        X500Name subject = new X500Name(new RDN[] {new RDN(new ASN1ObjectIdentifier("1.2.3.4"), new DERUTF8String("x"))});
        assertRefused(() -> NamePolicy.checkSubject(subject, SERVER, null), Violation.FORBIDDEN_SUBJECT,
                "subject attribute 1.2.3.4 is not allowed by profile 'server' (allowed: C, CN, L, O, OU, ST)");
    }

    @Test
    void checkSubjectWhenRdnIsMultiValuedThenRefuses() {
        X500Name subject = new X500Name(new RDN[] {new RDN(new AttributeTypeAndValue[] {
            new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("web.example")),
            new AttributeTypeAndValue(BCStyle.O, new DERUTF8String("Example"))})});
        assertRefused(() -> NamePolicy.checkSubject(subject, SERVER, null), Violation.FORBIDDEN_SUBJECT,
                "multi-valued RDNs are not accepted in the subject");
    }

    @Test
    void checkSubjectWhenAttributeIsBlankThenRefuses() {
        X500Name subject = new X500Name(new RDN[] {new RDN(BCStyle.O, new DERUTF8String(" "))});
        assertRefused(() -> NamePolicy.checkSubject(subject, SERVER, null), Violation.FORBIDDEN_SUBJECT,
                "subject attribute O is empty");
    }

    @Test
    void checkSubjectWhenTwoCommonNamesThenRefuses() {
        assertRefused(() -> NamePolicy.checkSubject(new X500Name("CN=a.example,CN=b.example"), SERVER, null),
                Violation.FORBIDDEN_SUBJECT, "the subject has more than one CN");
    }

    @Test
    void checkSubjectWhenCommonNameHas64CharactersThenPasses() {
        NamePolicy.checkSubject(cn("a".repeat(64)), DEVICE, null);
    }

    @Test
    void checkSubjectWhenCommonNameHas65CharactersThenRefuses() {
        assertRefused(() -> NamePolicy.checkSubject(cn("a".repeat(65)), DEVICE, null),
                Violation.LIMIT_EXCEEDED, "subject attribute CN has 65 characters; at most 64 are allowed (RFC 5280 ub-common-name)");
    }

    @Test
    void checkSubjectWhenCommonNameIsNotAStringThenRefuses() {
        X500Name subject = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERSequence(new DERUTF8String("x")))});
        assertRefused(() -> NamePolicy.checkSubject(subject, DEVICE, null), Violation.FORBIDDEN_SUBJECT,
                "subject attribute CN is not a string");
    }

    @Test
    void checkSubjectWhenUtf8StringBytesAreNotUtf8ThenRefuses() throws Exception {
        // C3 opens a two-byte sequence that 28 cannot continue; found by SignedCsrPolicyFuzzTests, a 500 before
        X500Name subject = new X500Name(new RDN[] {new RDN(BCStyle.CN,
                ASN1Primitive.fromByteArray(new byte[] {0x0c, 0x02, (byte) 0xc3, 0x28}))});
        assertRefused(() -> NamePolicy.checkSubject(subject, DEVICE, null), Violation.FORBIDDEN_SUBJECT,
                "subject attribute CN is not valid UTF-8");
        assertRefused(() -> NamePolicy.checkReadable(subject), Violation.FORBIDDEN_SUBJECT,
                "subject attribute CN is not valid UTF-8");
    }

    @Test
    void checkSubjectWhenAnRdnIsEmptyOrItsPartIsNotATypeAndValueThenRefuses() throws Exception {
        X500Name empty = new X500Name(new RDN[] {RDN.getInstance(new org.bouncycastle.asn1.DERSet())});
        assertRefused(() -> NamePolicy.checkSubject(empty, DEVICE, null), Violation.FORBIDDEN_SUBJECT,
                "the subject has an empty RDN");
        // a context-tagged object where the attribute's SEQUENCE belongs: found by EstBodyFuzzTests, a 500 before
        X500Name tagged = new X500Name(new RDN[] {RDN.getInstance(new org.bouncycastle.asn1.DERSet(
                new org.bouncycastle.asn1.DERTaggedObject(0, new org.bouncycastle.asn1.DERUTF8String("x"))))});
        assertRefused(() -> NamePolicy.checkSubject(tagged, DEVICE, null), Violation.FORBIDDEN_SUBJECT,
                "the subject is not an X.500 name: an attribute is not a type and a value");
        assertRefused(() -> NamePolicy.checkReadable(tagged), Violation.FORBIDDEN_SUBJECT,
                "the subject is not an X.500 name: an attribute is not a type and a value");
    }

    @Test
    void checkSubjectWhenUtf8StringIsMultilingualThenPassesAsDecoded() {
        NamePolicy.checkSubject(cn("Bücherei-Gerät-🔒"), DEVICE, null);
    }

    @Test
    void checkSubjectWhenProfileRequiresCommonNameAndThereIsNoneThenRefuses() {
        assertRefused(() -> NamePolicy.checkSubject(new X500Name("O=Example"), DEVICE, null), Violation.MISSING_NAME,
                "profile 'device' requires a subject common name (CN)");
    }

    @Test
    void checkSubjectWhenCommonNameMatchesTheCredentialsPatternThenPasses() {
        NamePolicy.checkSubject(new X500Name("CN=sensor-1.devices.example"), DEVICE,
                new RequestBounds("*.devices.example", List.of()));
    }

    @Test
    void checkSubjectWhenCommonNameIsNotTheCredentialsThenRefuses() {
        assertRefused(() -> NamePolicy.checkSubject(new X500Name("CN=other"), DEVICE, new RequestBounds("sensor-1", List.of())),
                Violation.OUT_OF_BOUNDS, "common name 'other' is not the one this credential allows ('sensor-1')");
    }

    @Test
    void checkSubjectWhenCredentialNamesACommonNameAndThereIsNoneThenRefuses() {
        assertRefused(() -> NamePolicy.checkSubject(new X500Name("O=Example"), SERVER, new RequestBounds("web.example", List.of())),
                Violation.OUT_OF_BOUNDS, "the subject has no common name; this credential allows only 'web.example'");
    }

    // subject alternative names

    @Test
    void checkSansWhenDnsAndIpOnServerThenAnswersThemAsText() {
        assertThat(NamePolicy.checkSans(sans(dns("web.example"), ip("10.0.0.1"), ip("2001:db8::1")), SERVER, null))
                .containsExactly("DNS:web.example", "IP:10.0.0.1", "IP:2001:db8:0:0:0:0:0:1");
    }

    @Test
    void checkSansWhenTheSameNameRepeatsInAnotherCaseThenListsItOnce() {
        assertThat(NamePolicy.checkSans(sans(dns("web.example"), dns("WEB.example")), SERVER, null))
                .containsExactly("DNS:web.example");
    }

    @Test
    void checkSansWhenWildcardAndProfileAllowsThemThenPasses() {
        assertThat(NamePolicy.checkSans(sans(dns("*.web.example")), SERVER, null)).containsExactly("DNS:*.web.example");
    }

    @Test
    void checkSansWhenEmailAndUriOnClientThenPasses() {
        assertThat(NamePolicy.checkSans(sans(email("alice@example.com"), uri("spiffe://example.com/alice")), CLIENT, null))
                .containsExactly("EMAIL:alice@example.com", "URI:spiffe://example.com/alice");
    }

    @Test
    void checkSansWhenNoneOnClientThenPasses() {
        assertThat(NamePolicy.checkSans(null, CLIENT, null)).isEmpty();
    }

    @Test
    void checkSansWhenServerHasNoHostNameThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(null, SERVER, null), Violation.MISSING_NAME,
                "profile 'server' requires at least one DNS or IP subjectAltName "
                        + "(openssl: -addext \"subjectAltName=DNS:host.example\")");
    }

    @Test
    void checkSansWhenTypeIsNotAllowedThenRefusesNamingTypeAndValue() {
        assertRefused(() -> NamePolicy.checkSans(sans(dns("web.example"), email("ops@web.example")), SERVER, null),
                Violation.FORBIDDEN_NAME, "SAN type EMAIL (ops@web.example) is not allowed by profile 'server'");
    }

    @Test
    void checkSansWhenIpOnClientThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(ip("192.0.2.1")), CLIENT, null),
                Violation.FORBIDDEN_NAME, "SAN type IP (192.0.2.1) is not allowed by profile 'client'");
    }

    @Test
    void checkSansWhenDnsNameIsMalformedThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(dns("bad_name.example")), SERVER, null),
                Violation.FORBIDDEN_NAME, "DNS name 'bad_name.example' is not a valid host name");
    }

    // the NUL is shown as ? so no control character reaches a log or a client
    @Test
    void checkSansWhenDnsNameHidesANulByteThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(dns("web.example\u0000.evil.example")), SERVER, null),
                Violation.FORBIDDEN_NAME, "DNS name 'web.example?.evil.example' is not a valid host name");
    }

    @Test
    void checkSansWhenWildcardButProfileForbidsThemThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(dns("*.web.example")), CLIENT, null), Violation.FORBIDDEN_NAME,
                "DNS name '*.web.example' is not a valid host name or wildcards are not allowed");
    }

    @Test
    void checkSansWhenDnsNameIsOutsideTheProfilesPatternsThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(dns("www.example.com")), CORP, null), Violation.FORBIDDEN_NAME,
                "name 'www.example.com' is outside the names profile 'corp' allows (*.corp.example, corp.example)");
    }

    @Test
    void checkSansWhenEmailDomainIsOutsideTheProfilesPatternsThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(email("eve@evil.example")), CORP, null), Violation.FORBIDDEN_NAME,
                "name 'eve@evil.example' is outside the names profile 'corp' allows (*.corp.example, corp.example)");
    }

    @Test
    void checkSansWhenNamesAreWithinTheProfilesPatternsThenPasses() {
        assertThat(NamePolicy.checkSans(sans(dns("app.corp.example"), email("bob@corp.example")), CORP, null))
                .containsExactly("DNS:app.corp.example", "EMAIL:bob@corp.example");
    }

    @Test
    void checkSansWhenEmailHasNoLocalPartThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(email("@example.com")), CLIENT, null), Violation.FORBIDDEN_NAME,
                "e-mail address '@example.com' is not valid");
    }

    @Test
    void checkSansWhenEmailDomainIsMalformedThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(email("alice@exa mple.com")), CLIENT, null), Violation.FORBIDDEN_NAME,
                "e-mail address 'alice@exa mple.com' is not valid");
    }

    @Test
    void checkSansWhenUriIsRelativeThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(uri("alice")), CLIENT, null), Violation.FORBIDDEN_NAME,
                "URI 'alice' is not an absolute URI");
    }

    @Test
    void checkSansWhenUriIsNotAUriThenRefuses() {
        assertRefused(() -> NamePolicy.checkSans(sans(uri("http://exa mple.com/")), CLIENT, null), Violation.FORBIDDEN_NAME,
                "URI 'http://exa mple.com/' is not an absolute URI");
    }

    @Test
    void checkSansWhenOtherNameThenRefusesNamingTheType() {
        GeneralName upn = new GeneralName(GeneralName.otherName,
                new OtherName(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), new DERUTF8String("admin@corp")));
        assertRefused(() -> NamePolicy.checkSans(sans(upn), CLIENT, null), Violation.FORBIDDEN_NAME,
                "SAN of type otherName is not supported; use DNS, IP, email or URI");
    }

    @Test
    void checkSansWhenDirectoryNameThenRefusesNamingTheType() {
        GeneralName dir = new GeneralName(new X500Name("CN=Root CA"));
        assertRefused(() -> NamePolicy.checkSans(sans(dir), SERVER, null), Violation.FORBIDDEN_NAME,
                "SAN of type directoryName is not supported; use DNS, IP, email or URI");
    }

    @Test
    void checkSansWhenIpAddressHasFiveOctetsThenRefuses() {
        GeneralName odd = new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 1, 9}));
        assertRefused(() -> NamePolicy.checkSans(sans(odd), SERVER, null), Violation.FORBIDDEN_NAME,
                "IP address SAN of 5 octets");
    }

    @Test
    void checkSansWhenEveryNameIsWithinTheCredentialsBoundsThenPasses() {
        var bounds = new RequestBounds(null, List.of("*.devices.example", "10.1.2.3"));
        assertThat(NamePolicy.checkSans(sans(dns("s1.devices.example"), ip("10.1.2.3")), SERVER, bounds))
                .containsExactly("DNS:s1.devices.example", "IP:10.1.2.3");
    }

    @Test
    void checkSansWhenANameIsOutsideTheCredentialsBoundsThenRefuses() {
        var bounds = new RequestBounds(null, List.of("*.devices.example"));
        assertRefused(() -> NamePolicy.checkSans(sans(dns("s1.devices.example"), dns("bank.example")), SERVER, bounds),
                Violation.OUT_OF_BOUNDS, "SAN DNS:bank.example is not among the names this credential allows");
    }

    @Test
    void checkSansWhenExactBoundsAndTheSameNamesInAnyOrderAndCaseThenPasses() {
        var bounds = RequestBounds.exactly(List.of("a.example", "*.b.example", "10.1.2.3"));
        assertThat(NamePolicy.checkSans(sans(ip("10.1.2.3"), dns("*.B.example"), dns("A.example")), SERVER, bounds))
                .containsExactly("IP:10.1.2.3", "DNS:*.B.example", "DNS:A.example");
    }

    @Test
    void checkSansWhenExactBoundsAndANameLeftOutThenRefuses() {
        var bounds = RequestBounds.exactly(List.of("a.example", "b.example"));
        assertRefused(() -> NamePolicy.checkSans(sans(dns("a.example")), SERVER, bounds), Violation.OUT_OF_BOUNDS,
                "the CSR leaves out [b.example]: this credential is for exactly [a.example, b.example]");
    }

    @Test
    void checkSansWhenExactBoundsAndAnExtraNameThenRefuses() {
        var bounds = RequestBounds.exactly(List.of("a.example"));
        assertRefused(() -> NamePolicy.checkSans(sans(dns("a.example"), dns("c.example")), SERVER, bounds),
                Violation.OUT_OF_BOUNDS, "SAN DNS:c.example is not among the names this credential allows");
    }

    @Test
    void checkSansWhenExactBoundsHoldAWildcardThenItIsALiteralNameNotAPattern() {
        var bounds = RequestBounds.exactly(List.of("*.b.example"));
        assertRefused(() -> NamePolicy.checkSans(sans(dns("host.b.example")), SERVER, bounds), Violation.OUT_OF_BOUNDS,
                "SAN DNS:host.b.example is not among the names this credential allows");
    }

    @Test
    void checkSubjectWhenExactBoundsThenTheCommonNameMustBeOneOfTheNames() {
        var bounds = RequestBounds.exactly(List.of("a.example", "10.1.2.3"));
        NamePolicy.checkSubject(new X500Name("CN=A.example"), SERVER, bounds);
        NamePolicy.checkSubject(new X500Name("CN=10.1.2.3"), SERVER, bounds);
        NamePolicy.checkSubject(new X500Name("O=Example"), SERVER, bounds);
        assertRefused(() -> NamePolicy.checkSubject(new X500Name("CN=other.example"), SERVER, bounds),
                Violation.OUT_OF_BOUNDS,
                "common name 'other.example' is not one of the names this credential allows (a.example, 10.1.2.3)");
    }

    private static void assertRefused(ThrowingCallable call, Violation violation, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.violation()).isEqualTo(violation))
                .hasMessage(message);
    }

    /** Built from ASN.1 as a CSR parser would, since BCStyle refuses to build an over-long CN from a string. */
    private static X500Name cn(String value) {
        return new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(value))});
    }

    private static GeneralNames sans(GeneralName... names) {
        return new GeneralNames(names);
    }

    private static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    private static GeneralName ip(String address) {
        return new GeneralName(GeneralName.iPAddress, address);
    }

    private static GeneralName email(String address) {
        return new GeneralName(GeneralName.rfc822Name, address);
    }

    private static GeneralName uri(String uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    }

    private static CertificateProfile builtIn(String name) {
        return ProfileCatalog.builtIn().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
