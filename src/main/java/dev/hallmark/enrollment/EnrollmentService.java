package dev.hallmark.enrollment;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.policy.CsrDecoder;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.Limits;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.RequestBounds;
import dev.hallmark.policy.Violation;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.stereotype.Service;

/**
 * Enrollment for devices, used by the REST API and EST alike: it turns a credential (an enrollment
 * token, an operator's certificate, a bootstrap CA's certificate, the certificate being renewed)
 * into an {@link IssuanceRequest} with that credential's bounds, and hands it to issuance — the one
 * way to a certificate, with its policy, record and audit.
 */
@Service
public class EnrollmentService {

    private final IssuanceService issuance;
    private final EnrollmentTokenService tokens;
    private final BootstrapCaTrust bootstrapCas;
    private final CertificateRepository certificates;
    private final CertificateAuthorities authorities;
    private final AuditLog audit;
    private final Clock clock;

    public EnrollmentService(IssuanceService issuance, EnrollmentTokenService tokens, BootstrapCaTrust bootstrapCas,
            CertificateRepository certificates, CertificateAuthorities authorities, AuditLog audit, Clock clock) {
        this.issuance = issuance;
        this.tokens = tokens;
        this.bootstrapCas = bootstrapCas;
        this.certificates = certificates;
        this.authorities = authorities;
        this.audit = audit;
        this.clock = clock;
    }

    /** The issuing CA then the root, for EST {@code /cacerts}. */
    public List<X509CertificateHolder> caCertificates() {
        return authorities.chain();
    }

    /** A first enrollment: the credential decides the profile and the names the CSR may carry. */
    public IssuedCertificate enroll(EnrollmentCredential credential, Enrollment enrollment) {
        if (credential instanceof EnrollmentCredential.Token token) {
            return enrollWithToken(token, enrollment);
        }
        if (credential instanceof EnrollmentCredential.BootstrapCertificate bootstrap) {
            return enrollWithBootstrap(bootstrap, enrollment);
        }
        EnrollmentCredential.Operator operator = (EnrollmentCredential.Operator) credential;
        return issuance.issue(IssuanceRequest.of(enrollment.csr(), profileOr(enrollment), enrollment.validityDays(),
                new Actor(operator.name(), enrollment.remoteAddress())));
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
        byte[] csr = key.csr(template.getSubject(), IssuancePolicy.requestedSubjectAltNames(template));
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
        Actor actor = new Actor("cert:" + currentSerial, remoteAddress);
        CertificateRecord current = certificates.findBySerial(currentSerial).orElse(null);
        if (current == null || current.status() != CertificateStatus.VALID || !current.notAfter().isAfter(clock.instant())) {
            throw refused(actor, IssuanceRefusedException.Reason.UNAUTHENTICATED,
                    "the certificate to renew is not a valid certificate of this CA");
        }
        X509CertificateHolder certificate = holder(current.der());
        PKCS10CertificationRequest csr;
        GeneralNames requestedSans;
        try {
            csr = CsrDecoder.decode(csrBytes);
            // comparing names reads them: whatever cannot be read is refused first, by name
            IssuancePolicy.checkSubjectReadable(csr.getSubject());
            requestedSans = IssuancePolicy.requestedSubjectAltNames(csr);
        } catch (PolicyViolationException e) {
            audit.recordAlone(actor, "certificate.renew", currentSerial, Outcome.REFUSED, e.getMessage());
            throw e;
        }
        if (!csr.getSubject().equals(certificate.getSubject())) {
            throw outOfBounds(actor, currentSerial, "a renewal keeps the subject: the CSR asks for '" + csr.getSubject()
                    + "' but the current certificate is '" + certificate.getSubject() + "'");
        }
        Set<GeneralName> currentSans = sanSet(GeneralNames.fromExtensions(certificate.getExtensions(),
                Extension.subjectAlternativeName));
        Set<GeneralName> askedSans = sanSet(requestedSans);
        if (!currentSans.equals(askedSans)) {
            throw outOfBounds(actor, currentSerial, "a renewal keeps the subject alternative names: the CSR asks for "
                    + text(askedSans) + " but the current certificate has " + text(currentSans));
        }
        RequestBounds bounds = new RequestBounds(commonName(certificate.getSubject()), text(currentSans));
        IssuedCertificate issued = issuance.issue(new IssuanceRequest(csrBytes, current.profile(), validityDays, actor,
                bounds, false, () -> stillValid(currentSerial)));
        audit.recordAlone(actor, "certificate.renew", issued.serial(), Outcome.SUCCESS, "renews " + currentSerial);
        return issued;
    }

    private IssuedCertificate enrollWithToken(EnrollmentCredential.Token credential, Enrollment enrollment) {
        EnrollmentTokenService.VerifiedToken token = tokens.verify(credential.id(), credential.token(),
                enrollment.remoteAddress());
        Actor actor = new Actor("token:" + token.id(), enrollment.remoteAddress());
        if (enrollment.profile() != null && !enrollment.profile().equals(token.profile())) {
            throw refused(actor, IssuanceRefusedException.Reason.FORBIDDEN, "enrollment token " + token.id()
                    + " is for profile '" + token.profile() + "', not '" + enrollment.profile() + "'");
        }
        IssuedCertificate issued = issuance.issue(new IssuanceRequest(enrollment.csr(), token.profile(),
                enrollment.validityDays(), actor, token.bounds(), false, tokens.spending(token.id())));
        tokens.recordCertificate(token.id(), issued.serial());
        return issued;
    }

    private IssuedCertificate enrollWithBootstrap(EnrollmentCredential.BootstrapCertificate bootstrap,
            Enrollment enrollment) {
        X509Certificate[] chain = bootstrap.chain();
        String who = chain == null || chain.length == 0 ? "unknown" : chain[0].getSubjectX500Principal().getName();
        // the subject of another CA's certificate has no bound of ours: quoted, it fits the requester column
        Actor actor = new Actor("bootstrap:" + Limits.quote(who), enrollment.remoteAddress());
        String refusal = bootstrapCas.refusal(chain).orElse(null);
        if (refusal != null) {
            throw refused(actor, IssuanceRefusedException.Reason.UNAUTHENTICATED, refusal);
        }
        X509CertificateHolder identity = holder(encoded(chain[0]));
        String commonName = commonName(identity.getSubject());
        if (commonName == null) {
            throw refused(actor, IssuanceRefusedException.Reason.FORBIDDEN,
                    "the bootstrap certificate has no common name to bind the new certificate to");
        }
        List<String> sans = text(sanSet(GeneralNames.fromExtensions(identity.getExtensions(),
                Extension.subjectAlternativeName)));
        return issuance.issue(new IssuanceRequest(enrollment.csr(), profileOr(enrollment), enrollment.validityDays(),
                actor, new RequestBounds(commonName, sans), false, null));
    }

    private void stillValid(String serial) {
        CertificateRecord record = certificates.findBySerial(serial).orElse(null);
        if (record == null || record.status() != CertificateStatus.VALID) {
            throw new IssuanceRefusedException(IssuanceRefusedException.Reason.UNAUTHENTICATED,
                    "the certificate to renew has been revoked");
        }
    }

    private static String profileOr(Enrollment enrollment) {
        return enrollment.profile() != null ? enrollment.profile() : enrollment.defaultProfile();
    }

    private IssuanceRefusedException refused(Actor actor, IssuanceRefusedException.Reason reason, String message) {
        audit.recordAlone(actor, "certificate.issue", null, Outcome.REFUSED, message);
        return new IssuanceRefusedException(reason, message);
    }

    private PolicyViolationException outOfBounds(Actor actor, String serial, String message) {
        audit.recordAlone(actor, "certificate.renew", serial, Outcome.REFUSED, message);
        return new PolicyViolationException(Violation.OUT_OF_BOUNDS, message);
    }

    private static Set<GeneralName> sanSet(GeneralNames names) {
        return names == null ? Set.of() : new HashSet<>(List.of(names.getNames()));
    }

    /** SAN values as policy compares them (DNS, e-mail, URI as written; IP addresses in their usual text form). */
    private static List<String> text(Set<GeneralName> names) {
        List<String> out = new ArrayList<>();
        for (GeneralName name : names) {
            if (name.getTagNo() == GeneralName.iPAddress) {
                try {
                    out.add(InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets())
                            .getHostAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            } else if (name.getName() instanceof ASN1String s) {
                out.add(s.getString());
            }
        }
        return out.stream().sorted().toList();
    }

    private static String commonName(X500Name subject) {
        var rdns = subject.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return null;
        }
        var value = rdns[0].getFirst().getValue();
        return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
    }

    private static X509CertificateHolder holder(byte[] der) {
        try {
            return new X509CertificateHolder(Objects.requireNonNull(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
