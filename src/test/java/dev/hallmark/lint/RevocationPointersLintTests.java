package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.CA;
import static dev.hallmark.lint.TestCertificates.crl;
import static dev.hallmark.lint.TestCertificates.leaf;
import static dev.hallmark.lint.TestCertificates.uri;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class RevocationPointersLintTests {

    private final RevocationPointersLint lint = new RevocationPointersLint();

    @Test
    void checkWhenCrlAndAiaArePresentThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenAiaHasOnlyCaIssuersThenPasses() {
        var leaf = leaf().extension(Extension.authorityInfoAccess, false, aia(
                new AccessDescription(AccessDescription.id_ad_caIssuers, uri("http://ca.example/root.crt"))));
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenRootIsSelfSignedThenNeedsNoPointers() {
        assertThat(lint.check(new LintTarget(CA, CA))).isEmpty();
    }

    @Test
    void checkWhenCrlDistributionPointsIsMissingThenFails() {
        assertThat(lint.check(leaf().without(Extension.cRLDistributionPoints).target()))
                .hasValue("cRLDistributionPoints is missing");
    }

    @Test
    void lintWhenCrlDistributionPointsIsAnEmptySequenceThenFailsClosed() {
        // RFC 5280 requires SIZE (1..MAX); Bouncy Castle refuses to parse it, and the linter reports that
        var leaf = leaf().extension(Extension.cRLDistributionPoints, false, new DERSequence());
        assertThat(new CertificateLinter(List.of(lint)).lint(leaf.target())).containsExactly(new LintFailure(
                "e_revocation_pointers", "the certificate cannot be checked: sequence may not be empty"));
    }

    @Test
    void checkWhenCrlDistributionPointsIsCriticalThenFails() {
        var leaf = leaf().extension(Extension.cRLDistributionPoints, true, crl("http://ca.example/crl"));
        assertThat(lint.check(leaf.target())).hasValue("cRLDistributionPoints must not be critical");
    }

    @Test
    void checkWhenAuthorityInfoAccessIsMissingThenFails() {
        assertThat(lint.check(leaf().without(Extension.authorityInfoAccess).target()))
                .hasValue("authorityInfoAccess is missing");
    }

    @Test
    void checkWhenAiaLocationIsLdapThenFails() {
        var leaf = leaf().extension(Extension.authorityInfoAccess, false, aia(
                new AccessDescription(AccessDescription.id_ad_caIssuers, uri("ldap://ca.example/cn=CA"))));
        assertThat(lint.check(leaf.target())).hasValue("authorityInfoAccess location is not an http URI");
    }

    @Test
    void checkWhenAiaLocationIsNotAUriThenFails() {
        var leaf = leaf().extension(Extension.authorityInfoAccess, false, aia(
                new AccessDescription(AccessDescription.id_ad_caIssuers, new GeneralName(GeneralName.dNSName, "ca.example"))));
        assertThat(lint.check(leaf.target())).hasValue("authorityInfoAccess location is not an http URI");
    }

    @Test
    void checkWhenAiaLacksCaIssuersThenFails() {
        var leaf = leaf().extension(Extension.authorityInfoAccess, false, aia(
                new AccessDescription(AccessDescription.id_ad_ocsp, uri("http://ca.example/ocsp"))));
        assertThat(lint.check(leaf.target())).hasValue("authorityInfoAccess lacks caIssuers");
    }

    private static AuthorityInformationAccess aia(AccessDescription... descriptions) {
        return new AuthorityInformationAccess(descriptions);
    }
}
