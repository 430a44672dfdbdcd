package dev.hallmark.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

class CrlAuthorityKeyIdentifierLintTests {

    private final CrlAuthorityKeyIdentifierLint lint = new CrlAuthorityKeyIdentifierLint();

    @Test
    void checkWhenMatchesCaSubjectKeyIdentifierThenPasses() throws Exception {
        assertThat(lint.check(CrlLintFixtures.target(CrlLintFixtures.valid()))).isEmpty();
    }

    @Test
    void checkWhenMissingThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.removeExtension(Extension.authorityKeyIdentifier);

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("authorityKeyIdentifier is missing");
    }

    @Test
    void checkWhenOtherKeyThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.replaceExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[] {9, 9, 9}));

        assertThat(lint.check(CrlLintFixtures.target(b)))
                .hasValue("authorityKeyIdentifier does not match the CA's subjectKeyIdentifier");
    }

    @Test
    void checkWhenCriticalThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.replaceExtension(Extension.authorityKeyIdentifier, true, new AuthorityKeyIdentifier(CrlLintFixtures.SKI));

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("authorityKeyIdentifier must not be critical");
    }
}
