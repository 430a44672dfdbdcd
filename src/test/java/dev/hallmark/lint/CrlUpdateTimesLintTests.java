package dev.hallmark.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.junit.jupiter.api.Test;

class CrlUpdateTimesLintTests {

    private final CrlUpdateTimesLint lint = new CrlUpdateTimesLint();

    @Test
    void checkWhenNextUpdateAfterThisUpdateThenPasses() throws Exception {
        assertThat(lint.check(CrlLintFixtures.target(CrlLintFixtures.valid()))).isEmpty();
    }

    @Test
    void checkWhenNextUpdateMissingThenFails() throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(CrlLintFixtures.CA, Date.from(CrlLintFixtures.NOW));
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(CrlLintFixtures.SKI));

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("nextUpdate is missing");
    }

    @Test
    void checkWhenNextUpdateEqualsThisUpdateThenFails() throws Exception {
        var b = CrlLintFixtures.valid();
        b.setNextUpdate(Date.from(CrlLintFixtures.NOW));

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("nextUpdate is not after thisUpdate");
    }

    @Test
    void checkWhenIssuerIsNotTheCaThenFails() throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name("CN=Someone Else"), Date.from(CrlLintFixtures.NOW));
        b.setNextUpdate(Date.from(CrlLintFixtures.NOW.plusSeconds(60)));

        assertThat(lint.check(CrlLintFixtures.target(b))).hasValue("the CRL issuer is not the CA's subject");
    }
}
