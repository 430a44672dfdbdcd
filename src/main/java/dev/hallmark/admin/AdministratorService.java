package dev.hallmark.admin;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.Violation;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.storage.Administrator;
import dev.hallmark.storage.AdministratorRepository;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.bouncycastle.cert.X509CertificateHolder;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates and lists administrators; each holds a client certificate of the restricted {@code admin} profile. */
@Service
public class AdministratorService {

    public static final String PROFILE = "admin";
    /** Names: letters, digits, spaces and {@code . _ @ -}, so that they are safe as common names and file names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}");

    private final IssuanceService issuance;
    private final AdministratorAuthorizer authorizer;
    private final AdministratorRepository administrators;
    private final CertificateRepository certificates;
    private final CertificateAuthorities authorities;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public AdministratorService(IssuanceService issuance, AdministratorAuthorizer authorizer,
            AdministratorRepository administrators,
            CertificateRepository certificates, CertificateAuthorities authorities, AuditLog audit,
            TransactionTemplate transactions, Clock clock) {
        this.issuance = issuance;
        this.authorizer = authorizer;
        this.administrators = administrators;
        this.certificates = certificates;
        this.authorities = authorities;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Issues an administrator certificate, from the administrator's own CSR (whose common name must
     * be the name) or from a key generated here and returned once as PKCS#12. Only an ADMIN may, and
     * no two active administrators share a name (the audit trail names them {@code admin:<name>}).
     */
    public AdministratorCredential create(String name, Role role, byte[] csr, Caller caller) {
        return create(name, role, csr, caller, null);
    }

    /** @param validityDays the certificate's lifetime, or null for the admin profile's default */
    public AdministratorCredential create(String name, Role role, byte[] csr, Caller caller, Integer validityDays) {
        IssuanceGrant grant = authorizer.newAdministrator(caller, name);
        checkName(name);
        Actor actor = caller.actor();
        GeneratedCredential generated = csr == null ? GeneratedCredential.generate(KeyAlgorithm.EC_P256) : null;
        byte[] request = csr != null ? csr
                : generated.csr(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Hallmark administrators")
                        .addRDN(BCStyle.CN, name).build());
        IssuanceRequest issue = new IssuanceRequest(request, validityDays, grant);
        var result = transactions.execute(status -> {
            // creations take turns, so two of the same name cannot both find the name free
            administrators.lockAll();
            List<Administrator> sameName = administrators.findActiveByName(name, clock.instant());
            if (!sameName.isEmpty()) {
                throw refused(caller, name, IssuanceRefusedException.Reason.CONFLICT, "an active administrator named '"
                        + name + "' exists (certificate " + sameName.get(0).certificateSerial()
                        + "); choose another name, or revoke that certificate first");
            }
            IssuedCertificate certificate;
            try {
                certificate = issuance.issue(issue);
            } catch (PolicyViolationException e) {
                // policy judged the request's CSR, or the one made here from the checked name
                throw csr == null ? e : e.inField("csr");
            }
            Administrator admin = administrators.save(new Administrator(name, role.name(), certificate.serial(),
                    clock.instant(), actor.name()));
            audit.record(actor, "admin.create", certificate.serial(), Outcome.SUCCESS, "name=" + name + " role=" + role);
            return new Created(admin, certificate);
        });
        Administrator admin = result.admin();
        IssuedCertificate certificate = result.certificate();
        if (generated == null) {
            return new AdministratorCredential(admin.id(), name, role, certificate.serial(), certificate.certificatePem(),
                    certificate.chainPem(), null, null, null);
        }
        String password = randomPassword();
        List<X509CertificateHolder> chain = new ArrayList<>();
        try {
            chain.add(new X509CertificateHolder(certificate.der()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chain.addAll(authorities.chain());
        byte[] p12 = generated.pkcs12(name, chain, password.toCharArray());
        return new AdministratorCredential(admin.id(), name, role, certificate.serial(), certificate.certificatePem(),
                certificate.chainPem(), Base64.getEncoder().encodeToString(p12), password, generated.privateKeyPem());
    }

    @Transactional(readOnly = true)
    public List<AdministratorView> list() {
        return administrators.findAll().stream().map(a -> {
            CertificateRecord cert = certificates.findBySerial(a.certificateSerial()).orElse(null);
            String certificateStatus = cert == null ? "unknown" : cert.status().name().toLowerCase(java.util.Locale.ROOT);
            if (cert != null && "valid".equals(certificateStatus) && !cert.notAfter().isAfter(clock.instant())) {
                certificateStatus = "expired";
            }
            return new AdministratorView(a.id(), a.name(), Role.valueOf(a.role()), a.certificateSerial(), certificateStatus,
                    cert == null ? null : cert.notAfter(), a.createdAt(), a.createdBy());
        }).toList();
    }

    /** Refuses a name that is not allowed, with the rule; nothing else is checked. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PolicyViolationException(Violation.FORBIDDEN_SUBJECT,
                    "name must be 1 to 64 letters, digits, spaces or . _ @ -, starting with a letter or digit")
                    .inField("name");
        }
    }

    public boolean any() {
        return administrators.count() > 0;
    }

    private IssuanceRefusedException refused(Caller caller, String name, IssuanceRefusedException.Reason reason,
            String message) {
        audit.recordAlone(caller.actor(), "admin.create", name, Outcome.REFUSED, message);
        return new IssuanceRefusedException(reason, message, "name");
    }

    private record Created(Administrator admin, IssuedCertificate certificate) {
    }

    private static String randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return new String(Base64.getUrlEncoder().withoutPadding().encode(random), StandardCharsets.US_ASCII);
    }
}
