package dev.hallmark.lint;

import java.util.Optional;

/** RFC 5280 section 4.1.2.5: notBefore precedes notAfter, and the certificate does not outlive its issuer. */
public final class ValidityPeriodLint implements CertificateLint {

    @Override
    public String name() {
        return "e_validity_period";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        var cert = target.certificate();
        if (!cert.getNotBefore().before(cert.getNotAfter())) {
            return Optional.of("notBefore is not before notAfter");
        }
        if (!target.selfSigned() && cert.getNotAfter().after(target.issuer().getNotAfter())) {
            return Optional.of("notAfter " + cert.getNotAfter().toInstant() + " is after the issuer's notAfter "
                    + target.issuer().getNotAfter().toInstant());
        }
        return Optional.empty();
    }
}
