package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

class SubjectAltNameLintTests {

    private static final X500Name EMPTY = new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);

    private final SubjectAltNameLint lint = new SubjectAltNameLint();

    @Test
    void checkWhenDnsNameIsValidThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenEveryKindOfNameIsWellFormedThenPasses() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false, sans(
                new GeneralName(GeneralName.dNSName, "*.web.example"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "2001:db8::1"),
                new GeneralName(GeneralName.rfc822Name, "ops@web.example"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://web.example/api")));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenSubjectIsSetAndSanIsMissingThenPasses() {
        assertThat(lint.check(leaf().without(Extension.subjectAlternativeName).target())).isEmpty();
    }

    @Test
    void checkWhenSubjectIsEmptyAndSanIsCriticalThenPasses() {
        var leaf = leaf().subject(EMPTY).extension(Extension.subjectAlternativeName, true,
                sans(new GeneralName(GeneralName.dNSName, "web.example")));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenSubjectIsEmptyAndSanIsMissingThenFails() {
        var leaf = leaf().subject(EMPTY).without(Extension.subjectAlternativeName);
        assertThat(lint.check(leaf.target())).hasValue("subject is empty and subjectAltName is missing");
    }

    @Test
    void checkWhenSubjectIsEmptyAndSanIsNotCriticalThenFails() {
        assertThat(lint.check(leaf().subject(EMPTY).target()))
                .hasValue("subject is empty but subjectAltName is not critical");
    }

    @Test
    void checkWhenSanIsEmptyThenFails() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false, sans());
        assertThat(lint.check(leaf.target())).hasValue("subjectAltName is empty");
    }

    @Test
    void checkWhenDnsNameHasAnUnderscoreThenFails() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false,
                sans(new GeneralName(GeneralName.dNSName, "bad_name.example")));
        assertThat(lint.check(leaf.target())).hasValue("dNSName 'bad_name.example' is not a valid host name");
    }

    @Test
    void checkWhenWildcardIsNotTheWholeLeftMostLabelThenFails() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false,
                sans(new GeneralName(GeneralName.dNSName, "w*.web.example")));
        assertThat(lint.check(leaf.target())).hasValue("dNSName 'w*.web.example' is not a valid host name");
    }

    @Test
    void checkWhenIpAddressHasFiveOctetsThenFails() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false,
                sans(new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 1, 1}))));
        assertThat(lint.check(leaf.target())).hasValue("iPAddress of 5 octets");
    }

    @Test
    void checkWhenEmailIsEmptyThenFails() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false,
                sans(new GeneralName(GeneralName.rfc822Name, "")));
        assertThat(lint.check(leaf.target())).hasValue("empty name in subjectAltName");
    }

    @Test
    void checkWhenUriIsEmptyThenFails() {
        var leaf = leaf().extension(Extension.subjectAlternativeName, false,
                sans(new GeneralName(GeneralName.uniformResourceIdentifier, "")));
        assertThat(lint.check(leaf.target())).hasValue("empty name in subjectAltName");
    }

    private static GeneralNames sans(GeneralName... names) {
        return GeneralNames.getInstance(new org.bouncycastle.asn1.DERSequence(names));
    }
}
