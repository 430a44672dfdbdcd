package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.CA;
import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

class KeyIdentifierLintTests {

    private final KeyIdentifierLint lint = new KeyIdentifierLint();

    @Test
    void checkWhenSkiPresentAndAkiMatchesIssuerThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenSelfSignedRootHasNoAkiThenPasses() {
        assertThat(lint.check(new LintTarget(CA, CA))).isEmpty();
    }

    @Test
    void checkWhenSubjectKeyIdentifierIsMissingThenFails() {
        assertThat(lint.check(leaf().without(Extension.subjectKeyIdentifier).target()))
                .hasValue("subjectKeyIdentifier is missing");
    }

    @Test
    void checkWhenAuthorityKeyIdentifierIsMissingThenFails() {
        assertThat(lint.check(leaf().without(Extension.authorityKeyIdentifier).target()))
                .hasValue("authorityKeyIdentifier is missing");
    }

    @Test
    void checkWhenAuthorityKeyIdentifierIsCriticalThenFails() {
        var leaf = leaf().extension(Extension.authorityKeyIdentifier, true,
                new AuthorityKeyIdentifier(TestCertificates.ski(TestCertificates.CA_KEYS).getKeyIdentifier()));
        assertThat(lint.check(leaf.target())).hasValue("authorityKeyIdentifier must not be critical");
    }

    @Test
    void checkWhenAuthorityKeyIdentifierNamesAnotherKeyThenFails() {
        var leaf = leaf().extension(Extension.authorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(TestCertificates.ski(TestCertificates.LEAF_KEYS).getKeyIdentifier()));
        assertThat(lint.check(leaf.target()))
                .hasValue("authorityKeyIdentifier does not match the issuer's subjectKeyIdentifier");
    }

    @Test
    void checkWhenAuthorityKeyIdentifierHasNoKeyIdThenFails() {
        var leaf = leaf().extension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier((byte[]) null));
        assertThat(lint.check(leaf.target()))
                .hasValue("authorityKeyIdentifier does not match the issuer's subjectKeyIdentifier");
    }
}
