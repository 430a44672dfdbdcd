package dev.hallmark.inventory;

import dev.hallmark.issuance.Serials;
import dev.hallmark.revocation.CrlPublisher;
import dev.hallmark.revocation.PublishedCrl;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.OcspResponseSigner;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.stereotype.Service;

/**
 * What a relying party depends on besides the certificates themselves: the CA certificates, the CRLs being served
 * and the OCSP responder's certificate, read where the CRL and OCSP front ends read them.
 */
@Service
public class PkiStatus {

    private final CertificateAuthorities authorities;
    private final CrlPublisher crls;
    private final OcspResponseSigner ocsp;

    public PkiStatus(CertificateAuthorities authorities, CrlPublisher crls, OcspResponseSigner ocsp) {
        this.authorities = authorities;
        this.crls = crls;
        this.ocsp = ocsp;
    }

    /** A certificate the service depends on. */
    public record ServiceCertificate(String name, String subject, String serial, Instant notBefore, Instant notAfter) {
    }

    /** The CRL being served for one CA. */
    public record CrlStatus(String ca, BigInteger number, Instant thisUpdate, Instant nextUpdate, long entries,
            String path) {
    }

    /** The root, then the issuing CA. */
    public List<ServiceCertificate> cas() {
        return List.of(of("Root CA", authorities.certificate(IssuerId.ROOT)),
                of("Issuing CA", authorities.certificate(IssuerId.ISSUING)));
    }

    /** The issuing CA's CRL, then the root's; reading them may sign a new one when a revocation awaits it. */
    public List<CrlStatus> crls() {
        return List.of(of("Issuing CA", crls.issuingCrl(), "/crl"), of("Root CA", crls.rootCrl(), "/crl/root"));
    }

    /** The delegated OCSP responder's certificate, empty before the first is made. */
    public Optional<ServiceCertificate> ocspResponder() {
        return Optional.ofNullable(ocsp.certificate()).map(c -> of("OCSP responder", c));
    }

    private static ServiceCertificate of(String name, X509CertificateHolder c) {
        return new ServiceCertificate(name, c.getSubject().toString(), Serials.hex(c.getSerialNumber()),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }

    private static CrlStatus of(String ca, PublishedCrl crl, String path) {
        return new CrlStatus(ca, crl.number(), crl.thisUpdate(), crl.nextUpdate(), crl.entries(), path);
    }
}
