package dev.hallmark.lint;

import static dev.hallmark.lint.TestCertificates.CA;
import static dev.hallmark.lint.TestCertificates.NOW;
import static dev.hallmark.lint.TestCertificates.leaf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidityPeriodLintTests {

    private final ValidityPeriodLint lint = new ValidityPeriodLint();

    @Test
    void checkWhenValidityIsWithinTheIssuersThenPasses() {
        assertThat(lint.check(leaf().target())).isEmpty();
    }

    @Test
    void checkWhenNotAfterEqualsTheIssuersNotAfterThenPasses() {
        var leaf = leaf().validity(NOW, CA.getNotAfter().toInstant());
        assertThat(lint.check(leaf.target())).isEmpty();
    }

    @Test
    void checkWhenNotBeforeEqualsNotAfterThenFails() {
        assertThat(lint.check(leaf().validity(NOW, NOW).target())).hasValue("notBefore is not before notAfter");
    }

    @Test
    void checkWhenNotBeforeIsAfterNotAfterThenFails() {
        assertThat(lint.check(leaf().validity(NOW, NOW.minus(Duration.ofDays(1))).target()))
                .hasValue("notBefore is not before notAfter");
    }

    @Test
    void checkWhenCertificateOutlivesItsIssuerThenFails() {
        var caEnd = CA.getNotAfter().toInstant();
        var leaf = leaf().validity(NOW, caEnd.plusSeconds(1));
        assertThat(lint.check(leaf.target())).hasValue("notAfter " + caEnd.plusSeconds(1)
                + " is after the issuer's notAfter " + caEnd);
    }

    @Test
    void checkWhenRootIsSelfSignedThenIssuersValidityDoesNotApply() {
        assertThat(lint.check(new LintTarget(CA, CA))).isEmpty();
    }
}
