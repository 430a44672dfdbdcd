package dev.hallmark.enrollment;

import dev.hallmark.admin.AdministratorAuthorizer;
import dev.hallmark.admin.Caller;
import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.policy.CsrDecoder;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.KeyAlgorithm;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.stereotype.Service;

/**
 * Enrollment for devices, used by the REST API and EST alike: it hands a credential (an enrollment token, an
 * administrator's certificate, a bootstrap CA's certificate, the certificate being renewed) to that credential's
 * authorizer, and the grant it returns with the CSR to issuance — the one way to a certificate, with its policy,
 * record and audit.
 */
@Service
public class EnrollmentService {

    private final IssuanceService issuance;
    private final TokenAuthorizer tokens;
    private final AdministratorAuthorizer administrators;
    private final BootstrapCertificateAuthorizer bootstrapCertificates;
    private final RenewalAuthorizer renewals;
    private final CertificateAuthorities authorities;
    private final AuditLog audit;

    public EnrollmentService(IssuanceService issuance, TokenAuthorizer tokens, AdministratorAuthorizer administrators,
            BootstrapCertificateAuthorizer bootstrapCertificates, RenewalAuthorizer renewals,
            CertificateAuthorities authorities, AuditLog audit) {
        this.issuance = issuance;
        this.tokens = tokens;
        this.administrators = administrators;
        this.bootstrapCertificates = bootstrapCertificates;
        this.renewals = renewals;
        this.authorities = authorities;
        this.audit = audit;
    }

    /** The issuing CA then the root, for EST {@code /cacerts}. */
    public List<X509CertificateHolder> caCertificates() {
        return authorities.chain();
    }

    /** A first enrollment: the credential's authorizer decides the profile and the names the CSR may carry. */
    public IssuedCertificate enroll(EnrollmentCredential credential, Enrollment enrollment) {
        IssuanceGrant grant;
        if (credential instanceof EnrollmentCredential.Token token) {
            grant = tokens.authorize(token, enrollment.profile(), enrollment.remoteAddress());
        } else if (credential instanceof EnrollmentCredential.BootstrapCertificate bootstrap) {
            grant = bootstrapCertificates.authorize(bootstrap.chain(), profileOr(enrollment), enrollment.remoteAddress());
        } else {
            EnrollmentCredential.Operator operator = (EnrollmentCredential.Operator) credential;
            grant = administrators.issuing(new Caller(new Actor(operator.name(), enrollment.remoteAddress()),
                    operator.role()), profileOr(enrollment));
        }
        return issuance.issue(new IssuanceRequest(enrollment.csr(), enrollment.validityDays(), grant));
    }

    /**
     * EST serverkeygen (RFC 7030 section 4.4): the CSR names the subject and SANs; the server
     * generates the key (EC P-256, or RSA 2048 when the CSR's key is RSA), issues for it through
     * the same path, and returns the key once. The key is neither stored nor logged.
     */
    public ServerGeneratedCertificate enrollWithServerKey(EnrollmentCredential credential, Enrollment enrollment) {
        PKCS10CertificationRequest template = CsrDecoder.decode(enrollment.csr());
        boolean rsa = template.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm()
                .equals(PKCSObjectIdentifiers.rsaEncryption);
        GeneratedCredential key = GeneratedCredential.generate(rsa ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256);
        byte[] csr = key.csr(template.getSubject(), CertificateNames.sans(template));
        IssuedCertificate issued = enroll(credential, new Enrollment(csr, enrollment.profile(),
                enrollment.defaultProfile(), enrollment.validityDays(), enrollment.remoteAddress()));
        return new ServerGeneratedCertificate(issued, key.privateKeyPkcs8());
    }

    /**
     * Renewal (REST) and re-enrollment (EST simplereenroll, RFC 7030 section 4.2.2) by the holder of
     * a current certificate of this CA: the new certificate has the same subject, the same SANs and
     * the same profile; the CSR may carry a new key. The current certificate stays valid until it
     * expires, so a device that loses the answer can simply try again.
     *
     * @param currentSerial the serial of the TLS client certificate, already authenticated
     */
    public IssuedCertificate renew(String currentSerial, byte[] csrBytes, Integer validityDays, String remoteAddress) {
        IssuanceGrant grant = renewals.authorize(currentSerial, csrBytes, remoteAddress);
        IssuedCertificate issued = issuance.issue(new IssuanceRequest(csrBytes, validityDays, grant));
        audit.recordAlone(grant.actor(), "certificate.renew", issued.serial(), Outcome.SUCCESS, "renews " + currentSerial);
        return issued;
    }

    private static String profileOr(Enrollment enrollment) {
        return enrollment.profile() != null ? enrollment.profile() : enrollment.defaultProfile();
    }
}
