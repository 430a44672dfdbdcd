package dev.hallmark.bootstrap;

import dev.hallmark.issuance.ServiceCertificateRequest;
import dev.hallmark.issuance.ServiceCertificates;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.OcspResponseSigner;
import dev.hallmark.signing.ServiceCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the OCSP responder's delegated certificate current: on start and on a schedule, when it is
 * missing or within {@code renewBefore} of its end, a new key is generated and the issuing CA
 * certifies it for id-kp-OCSPSigning with id-pkix-ocsp-nocheck (RFC 6960 sections 4.2.2.2 and
 * 4.2.2.2.1). The certificate cannot itself be checked by OCSP, so it is kept short-lived.
 */
public final class OcspResponderRenewal {

    private static final Logger log = LoggerFactory.getLogger(OcspResponderRenewal.class);

    private final ServiceCertificates certificates;
    private final ServiceCredentials credentials;
    private final OcspResponseSigner signer;
    private final X500Name subject;
    private final Duration validity;
    private final Duration renewBefore;
    private final Clock clock;

    public OcspResponderRenewal(ServiceCertificates certificates, ServiceCredentials credentials,
            OcspResponseSigner signer, X500Name subject, Duration validity, Duration renewBefore, Clock clock) {
        this.certificates = certificates;
        this.credentials = credentials;
        this.signer = signer;
        this.subject = subject;
        this.validity = validity;
        this.renewBefore = renewBefore;
        this.clock = clock;
    }

    /** Renews when due, then makes sure the signer uses the stored credential. */
    public void run() {
        if (credentials.needsRenewal(OcspResponseSigner.CREDENTIAL, clock.instant().plus(renewBefore))) {
            GeneratedCredential key = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
            X509CertificateHolder certificate = certificates.issue(new ServiceCertificateRequest("ocsp-responder",
                    subject, key.publicKeyInfo(), validity, KeyUsage.digitalSignature,
                    List.of(KeyPurposeId.id_kp_OCSPSigning), true));
            credentials.store(OcspResponseSigner.CREDENTIAL, key, certificate);
            log.info("Issued the OCSP responder certificate {} (serial {}), valid until {}", certificate.getSubject(),
                    certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
            signer.reload();
        } else if (!signer.ready()) {
            signer.reload();
        }
    }
}
