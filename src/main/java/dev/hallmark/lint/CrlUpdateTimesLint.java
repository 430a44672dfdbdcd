package dev.hallmark.lint;

import java.util.Optional;
import org.bouncycastle.asn1.x509.TBSCertList;

/**
 * RFC 5280 sections 5.1.2.1, 5.1.2.3 to 5.1.2.5: a v2 CRL whose issuer is exactly the CA's subject,
 * with a nextUpdate (conforming CAs always include it) later than thisUpdate.
 */
public final class CrlUpdateTimesLint implements CrlLint {

    @Override
    public String name() {
        return "e_crl_update_times";
    }

    @Override
    public Optional<String> check(CrlLintTarget target) {
        TBSCertList tbs = target.crl().toASN1Structure().getTBSCertList();
        if (tbs.getVersionNumber() != 2) {
            return Optional.of("the CRL is not version 2");
        }
        if (!target.crl().getIssuer().equals(target.issuer().getSubject())) {
            return Optional.of("the CRL issuer is not the CA's subject");
        }
        if (target.crl().getNextUpdate() == null) {
            return Optional.of("nextUpdate is missing");
        }
        if (!target.crl().getNextUpdate().after(target.crl().getThisUpdate())) {
            return Optional.of("nextUpdate is not after thisUpdate");
        }
        return Optional.empty();
    }
}
