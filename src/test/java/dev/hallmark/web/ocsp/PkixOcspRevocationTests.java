package dev.hallmark.web.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK's PKIX validator, checking revocation by OCSP against this responder, as a Java relying party would. */
class PkixOcspRevocationTests extends ServiceTest {

    private Revocations revocations;

    @BeforeEach
    void setUp() {
        revocations = new Revocations(client(), DATA_DIR.resolve("test-pkix-ocsp"));
    }

    @Test
    void validateWhenCertificateGoodThenAccepted() throws Exception {
        var leaf = revocations.issue("pkix-good.example", "server", "pkix-good.example");

        var result = validate(leaf.certificate(), leaf.issuer());

        assertThat(result.getTrustAnchor().getTrustedCert()).isEqualTo(client().root());
    }

    @Test
    void validateWhenCertificateRevokedThenRejectedAsRevoked() throws Exception {
        var leaf = revocations.issue("pkix-revoked.example", "server", "pkix-revoked.example");
        validate(leaf.certificate(), leaf.issuer());

        revocations.revoke(leaf.serial(), "keyCompromise");

        assertThatThrownBy(() -> validate(leaf.certificate(), leaf.issuer()))
                .isInstanceOf(CertPathValidatorException.class)
                .satisfies(e -> assertThat(((CertPathValidatorException) e).getReason())
                        .isEqualTo(CertPathValidatorException.BasicReason.REVOKED))
                .hasMessageContaining("KEY_COMPROMISE");
    }

    private java.security.cert.PKIXCertPathValidatorResult validate(X509Certificate leaf, X509Certificate issuing)
            throws Exception {
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
        // the certificates point at hallmark.public-base-url; the test service listens on a random port
        checker.setOcspResponder(client().http("/ocsp"));
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(client().root(), null)));
        parameters.addCertPathChecker(checker);
        parameters.setRevocationEnabled(true);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, issuing));
        return (java.security.cert.PKIXCertPathValidatorResult) validator.validate(path, parameters);
    }
}
