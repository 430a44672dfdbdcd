package dev.hallmark.bootstrap;

import dev.hallmark.admin.AdministratorCredential;
import dev.hallmark.admin.AdministratorService;
import dev.hallmark.admin.Caller;
import dev.hallmark.admin.Role;
import dev.hallmark.audit.Actor;
import dev.hallmark.cluster.StartupLock;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuingCaUnavailableException;
import dev.hallmark.issuance.ServiceCertificateRequest;
import dev.hallmark.issuance.ServiceCertificates;
import dev.hallmark.issuance.ServiceProfile;
import dev.hallmark.revocation.RevocationService;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.Pem;
import dev.hallmark.signing.SecureFiles;
import dev.hallmark.signing.ServiceCredentials;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the first start creates besides the CAs, each through the normal issuance path:
 * the CA certificates' records and the first administrator (by the first node on an empty database),
 * this node's TLS certificate (renewed when it nears its end or the host names change) and the files
 * in {@code <data-dir>/bootstrap} (the administrator's only on the node that made it).
 */
public final class ServiceBootstrap {

    /** The name of the service's TLS credential in {@code ServiceCredentials}. */
    public static final String TLS = "tls";
    static final String FIRST_ADMINISTRATOR = "admin";
    private static final Logger log = LoggerFactory.getLogger(ServiceBootstrap.class);
    private static final Duration TLS_RENEW_BEFORE = Duration.ofDays(30);

    private final CertificateAuthorities authorities;
    private final IssuanceService issuance;
    private final ServiceCertificates serviceCertificates;
    private final AdministratorService administrators;
    private final ServiceCredentials credentials;
    private final StartupLock lock;
    private final Path bootstrapDir;
    private final List<String> hostnames;
    private final Clock clock;

    public ServiceBootstrap(CertificateAuthorities authorities, IssuanceService issuance,
            ServiceCertificates serviceCertificates, AdministratorService administrators,
            ServiceCredentials credentials, StartupLock lock, Path bootstrapDir, List<String> hostnames, Clock clock) {
        this.authorities = authorities;
        this.issuance = issuance;
        this.serviceCertificates = serviceCertificates;
        this.administrators = administrators;
        this.credentials = credentials;
        this.lock = lock;
        this.bootstrapDir = bootstrapDir;
        this.hostnames = List.copyOf(hostnames);
        this.clock = clock;
    }

    public void run() {
        // under the lock: of several nodes starting on an empty database, one records the CA
        // certificates and makes the first administrator
        lock.holding(() -> {
            issuance.recordCaCertificate(authorities.certificate(IssuerId.ROOT), RevocationService.ROOT_PROFILE);
            issuance.recordCaCertificate(authorities.certificate(IssuerId.ISSUING), "issuing-ca");
            if (!administrators.any()) {
                createFirstAdministrator();
            }
            return null;
        });
        SecureFiles.writePublic(bootstrapDir.resolve("root-ca.pem"),
                Pem.certificates(List.of(authorities.certificate(IssuerId.ROOT))).getBytes(StandardCharsets.US_ASCII));
        SecureFiles.writePublic(bootstrapDir.resolve("ca-chain.pem"),
                Pem.certificates(authorities.chain()).getBytes(StandardCharsets.US_ASCII));
        ensureTlsCertificate();
    }

    /** The TLS key store (service key, its certificate, the CA chain) for the HTTPS connector. */
    public KeyStore tlsKeyStore(char[] password) {
        return credentials.keyStore(TLS, authorities.chain(), password);
    }

    /** Client certificates are accepted from this CA's root and issuing CA, and from any extra anchors given. */
    public KeyStore clientTrustStore(List<X509CertificateHolder> extraAnchors) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            int i = 0;
            for (X509CertificateHolder anchor : authorities.chain()) {
                trust.setCertificateEntry("hallmark-" + i++, converter.getCertificate(anchor));
            }
            for (X509CertificateHolder anchor : extraAnchors) {
                trust.setCertificateEntry("extra-" + i++, converter.getCertificate(anchor));
            }
            return trust;
        } catch (KeyStoreException | CertificateException | java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build the client trust store", e);
        }
    }

    /**
     * Issues the service's TLS certificate when it is missing, has expired, is within 30 days of its
     * end (unless it already ends with the issuing CA), or names other hosts than configured. It is
     * issued under the fixed {@link ServiceProfile#TLS_SERVER}, never under the configurable
     * {@code server} profile, which an operator may narrow for the certificates people ask for.
     *
     * <p>When the issuing CA cannot issue (revoked, expired), a current certificate that is still
     * valid is kept, with an error in the log; without one the service cannot serve HTTPS, and the
     * refusal propagates (at start-up: the service does not start, saying why).
     *
     * @return true when a new certificate was issued
     */
    public boolean ensureTlsCertificate() {
        X509CertificateHolder current = credentials.exists(TLS) ? credentials.certificate(TLS) : null;
        boolean namesChanged = current != null && !tlsNames(current).equals(wantedNames());
        if (current != null && !namesChanged
                && !serviceCertificates.renewalDue(current, clock.instant().plus(TLS_RENEW_BEFORE))) {
            return false;
        }
        log.info("Issuing the service's TLS certificate for {}", hostnames);
        GeneratedCredential key = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
        GeneralName[] names = hostnames.stream().map(ServiceBootstrap::generalName).toArray(GeneralName[]::new);
        X509CertificateHolder certificate;
        try {
            certificate = serviceCertificates.issue(new ServiceCertificateRequest(ServiceProfile.TLS_SERVER,
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostnames.get(0)).build(),
                    key.publicKeyInfo(), new GeneralNames(names), ServiceProfile.TLS_SERVER.maxValidity()));
        } catch (IssuingCaUnavailableException e) {
            if (current != null && clock.instant().isBefore(current.getNotAfter().toInstant())) {
                log.error("The service's TLS certificate is due for renewal, but {}; keeping the current one, valid"
                        + " until {}", e.getMessage(), current.getNotAfter().toInstant());
                return false;
            }
            throw e;
        }
        credentials.store(TLS, key, certificate);
        return true;
    }

    /**
     * The first administrator gets the admin profile's lifetime, or, when the issuing CA ends
     * sooner (an imported root near its end, say), the whole days the CA has left, with a warning:
     * nobody is there to ask again with fewer days, and without an administrator the service is of
     * no use.
     */
    private void createFirstAdministrator() {
        Caller bootstrap = Caller.system("system:bootstrap");
        AdministratorCredential admin;
        try {
            admin = administrators.create(FIRST_ADMINISTRATOR, Role.ADMIN, null, bootstrap);
        } catch (IssuingCaUnavailableException e) {
            Instant caEnd = authorities.certificate(IssuerId.ISSUING).getNotAfter().toInstant();
            long daysLeft = Duration.between(clock.instant(), caEnd).toDays();
            if (e.reason() != IssuingCaUnavailableException.Reason.EXPIRES_BEFORE_END || daysLeft < 1) {
                throw e;
            }
            log.warn("The issuing CA expires at {}, before the admin profile's lifetime would end: the first"
                    + " administrator's certificate is valid for {} days. Replace the issuing CA before then.", caEnd,
                    daysLeft);
            admin = administrators.create(FIRST_ADMINISTRATOR, Role.ADMIN, null, bootstrap, Math.toIntExact(daysLeft));
        }
        new AdministratorFiles(bootstrapDir, FIRST_ADMINISTRATOR).write(admin);
        log.info("Created the first administrator (serial {}): {}/admin.p12, admin.crt and admin.key", admin.serial(),
                bootstrapDir);
    }

    private Set<String> wantedNames() {
        return hostnames.stream().map(ServiceBootstrap::generalName).map(ServiceBootstrap::text)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> tlsNames(X509CertificateHolder certificate) {
        GeneralNames sans = GeneralNames.fromExtensions(certificate.getExtensions(),
                org.bouncycastle.asn1.x509.Extension.subjectAlternativeName);
        Set<String> names = new TreeSet<>();
        if (sans != null) {
            for (GeneralName n : sans.getNames()) {
                names.add(text(n));
            }
        }
        return names;
    }

    private static String text(GeneralName name) {
        if (name.getTagNo() == GeneralName.iPAddress) {
            try {
                byte[] octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(name.getName()).getOctets();
                return "IP:" + InetAddress.getByAddress(octets).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return "DNS:" + name.getName().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static GeneralName generalName(String host) {
        boolean ip = host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host);
    }
}
