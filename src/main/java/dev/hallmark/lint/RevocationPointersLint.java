package dev.hallmark.lint;

import java.util.Optional;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Every certificate below the root tells relying parties where to check it: an HTTP CRL
 * distribution point and an AIA caIssuers URL (RFC 5280 sections 4.2.1.13 and 4.2.2.1).
 */
public final class RevocationPointersLint implements CertificateLint {

    @Override
    public String name() {
        return "e_revocation_pointers";
    }

    @Override
    public Optional<String> check(LintTarget target) {
        if (target.selfSigned()) {
            return Optional.empty();
        }
        CRLDistPoint crl = CRLDistPoint.fromExtensions(target.extensions());
        if (crl == null || crl.getDistributionPoints().length == 0) {
            return Optional.of("cRLDistributionPoints is missing");
        }
        if (target.extensions().getExtension(Extension.cRLDistributionPoints).isCritical()) {
            return Optional.of("cRLDistributionPoints must not be critical");
        }
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(target.extensions());
        if (aia == null) {
            return Optional.of("authorityInfoAccess is missing");
        }
        for (AccessDescription d : aia.getAccessDescriptions()) {
            if (d.getAccessLocation().getTagNo() != GeneralName.uniformResourceIdentifier
                    || !d.getAccessLocation().getName().toString().startsWith("http")) {
                return Optional.of("authorityInfoAccess location is not an http URI");
            }
        }
        boolean caIssuers = java.util.Arrays.stream(aia.getAccessDescriptions())
                .anyMatch(d -> d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers));
        return caIssuers ? Optional.empty() : Optional.of("authorityInfoAccess lacks caIssuers");
    }
}
