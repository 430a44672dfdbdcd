package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.SerialNumbers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues the service's own internal certificates (the OCSP responder's) by the same steps as
 * {@link IssuanceService}, minus the CSR policy: reserve the serial, prepare and lint, sign, store
 * the record, audit, all in one transaction. No certificate leaves the service without its record.
 */
@Service
public class ServiceCertificates {

    private static final Actor SYSTEM = new Actor("system:service-certificates", null);

    private final RecordedSigner recordedSigner;
    private final CertificateAuthorities authorities;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ServiceCertificates(RecordedSigner recordedSigner, CertificateAuthorities authorities,
            TransactionTemplate transactions, Clock clock) {
        this.recordedSigner = recordedSigner;
        this.authorities = authorities;
        this.transactions = transactions;
        this.clock = clock;
    }

    public X509CertificateHolder issue(ServiceCertificateRequest request) {
        return SerialRetry.run(() -> transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            // a few minutes of backdating absorbs clock skew at relying parties
            Instant notBefore = now.minus(5, ChronoUnit.MINUTES);
            Instant notAfter = notBefore.plus(request.validity());
            Instant caEnd = authorities.certificate(IssuerId.ISSUING).getNotAfter().toInstant();
            if (notAfter.isAfter(caEnd)) {
                notAfter = caEnd;
            }
            return recordedSigner.sign(new CertificateTemplate(IssuerId.ISSUING, SerialNumbers.next(),
                    request.subject(), request.publicKey(), notBefore, notAfter, null, request.keyUsage(),
                    request.extendedKeyUsages(), false, null, request.ocspNoCheck()), request.profile(), "", SYSTEM)
                    .certificate();
        }));
    }
}
