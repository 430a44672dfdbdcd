package dev.hallmark.enrollment;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.policy.Limits;
import dev.hallmark.policy.RequestBounds;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.stereotype.Component;

/**
 * The authorizer of a bootstrap (manufacturer) certificate at a first EST enrollment (RFC 7030 section 3.3.2): a
 * client certificate that chains to a configured bootstrap CA may have the profile it asks for issued, with the
 * bootstrap certificate's own common name and SANs and no others.
 */
@Component
public class BootstrapCertificateAuthorizer {

    private final BootstrapCaTrust bootstrapCas;
    private final AuditLog audit;

    public BootstrapCertificateAuthorizer(BootstrapCaTrust bootstrapCas, AuditLog audit) {
        this.bootstrapCas = bootstrapCas;
        this.audit = audit;
    }

    /** @param profile the profile asked for, or the front end's default */
    public IssuanceGrant authorize(X509Certificate[] chain, String profile, String remoteAddress) {
        String who = chain == null || chain.length == 0 ? "unknown" : chain[0].getSubjectX500Principal().getName();
        // the subject of another CA's certificate has no bound of ours: quoted, it fits the requester column
        Actor actor = new Actor("bootstrap:" + Limits.quote(who), remoteAddress);
        String refusal = bootstrapCas.refusal(chain).orElse(null);
        if (refusal != null) {
            throw refused(actor, IssuanceRefusedException.Reason.UNAUTHENTICATED, refusal);
        }
        X509CertificateHolder identity;
        try {
            identity = CertificateNames.holder(chain[0].getEncoded());
        } catch (CertificateEncodingException e) {
            throw refused(actor, IssuanceRefusedException.Reason.UNAUTHENTICATED,
                    "the bootstrap certificate cannot be read");
        }
        String commonName = CertificateNames.commonName(identity.getSubject());
        if (commonName == null) {
            throw refused(actor, IssuanceRefusedException.Reason.FORBIDDEN,
                    "the bootstrap certificate has no common name to bind the new certificate to");
        }
        return new IssuanceGrant(profile, new RequestBounds(commonName, CertificateNames.text(
                CertificateNames.sans(identity))), actor, null);
    }

    private IssuanceRefusedException refused(Actor actor, IssuanceRefusedException.Reason reason, String message) {
        audit.recordAlone(actor, "certificate.issue", null, Outcome.REFUSED, message);
        return new IssuanceRefusedException(reason, message);
    }
}
