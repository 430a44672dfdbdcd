package dev.hallmark.bootstrap;

import dev.hallmark.issuance.IssuingCaUnavailableException;
import dev.hallmark.issuance.ServiceCertificateRequest;
import dev.hallmark.issuance.ServiceCertificates;
import dev.hallmark.issuance.ServiceProfile;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.OcspResponseSigner;
import dev.hallmark.signing.ServiceCredentials;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the OCSP responder's delegated certificate current: on start and on a schedule, when it is
 * missing, expired or within {@code renewBefore} of its end (unless it already ends with the
 * issuing CA), a new key is generated and the issuing CA certifies it under the fixed
 * {@link ServiceProfile#OCSP_RESPONDER}: id-kp-OCSPSigning with id-pkix-ocsp-nocheck (RFC 6960
 * sections 4.2.2.2 and 4.2.2.2.1). The certificate cannot itself be checked by OCSP, so it is kept
 * short-lived.
 *
 * <p>When the issuing CA cannot issue (revoked, expired), a responder certificate that is still
 * valid keeps signing, with an error in the log; without one, the refusal propagates (at start-up:
 * the service does not start, saying why).
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

    /** @param validity at most {@link ServiceProfile#OCSP_RESPONDER}'s maximum */
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
        String name = OcspResponseSigner.CREDENTIAL;
        X509CertificateHolder current = credentials.exists(name) ? credentials.certificate(name) : null;
        if (current == null || certificates.renewalDue(current, clock.instant().plus(renewBefore))) {
            renew(current);
        } else if (!signer.ready()) {
            signer.reload();
        }
    }

    private void renew(X509CertificateHolder current) {
        GeneratedCredential key = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
        X509CertificateHolder certificate;
        try {
            certificate = certificates.issue(new ServiceCertificateRequest(ServiceProfile.OCSP_RESPONDER, subject,
                    key.publicKeyInfo(), null, validity));
        } catch (IssuingCaUnavailableException e) {
            if (current != null && clock.instant().isBefore(current.getNotAfter().toInstant())) {
                log.error("The OCSP responder certificate is due for renewal, but {}; keeping the current one, valid"
                        + " until {}", e.getMessage(), current.getNotAfter().toInstant());
                if (!signer.ready()) {
                    signer.reload();
                }
                return;
            }
            throw e;
        }
        credentials.store(OcspResponseSigner.CREDENTIAL, key, certificate);
        log.info("Issued the OCSP responder certificate {} (serial {}), valid until {}", certificate.getSubject(),
                certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
        signer.reload();
    }
}
