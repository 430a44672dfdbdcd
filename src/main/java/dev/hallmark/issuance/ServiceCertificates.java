package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.PreparedCertificate;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
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

    private final CertificateSigner signer;
    private final CertificateAuthorities authorities;
    private final CertificateRepository certificates;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ServiceCertificates(CertificateSigner signer, CertificateAuthorities authorities,
            CertificateRepository certificates, AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.signer = signer;
        this.authorities = authorities;
        this.certificates = certificates;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    public X509CertificateHolder issue(ServiceCertificateRequest request) {
        return transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            // a few minutes of backdating absorbs clock skew at relying parties
            Instant notBefore = now.minus(5, ChronoUnit.MINUTES);
            Instant notAfter = notBefore.plus(request.validity());
            Instant caEnd = authorities.certificate(IssuerId.ISSUING).getNotAfter().toInstant();
            if (notAfter.isAfter(caEnd)) {
                notAfter = caEnd;
            }
            BigInteger serial = SerialNumbers.next();
            String commonName = request.subject().getRDNs(BCStyle.CN).length == 0 ? null
                    : IETFUtils.valueToString(request.subject().getRDNs(BCStyle.CN)[0].getFirst().getValue());
            CertificateRecord record = certificates.saveAndFlush(CertificateRecord.reserve(Serials.hex(serial),
                    IssuerId.ISSUING.name(), request.subject().toString(), commonName, "", request.profile(),
                    SYSTEM.name(), notBefore, notAfter, now));
            PreparedCertificate prepared = signer.prepare(new CertificateTemplate(IssuerId.ISSUING, serial,
                    request.subject(), request.publicKey(), notBefore, notAfter, null, request.keyUsage(),
                    request.extendedKeyUsages(), false, null, request.ocspNoCheck()));
            X509CertificateHolder certificate = signer.issue(prepared);
            byte[] der = encoded(certificate);
            record.complete(der, Fingerprints.sha256(der));
            audit.record(SYSTEM, "certificate.issue", record.serial(), Outcome.SUCCESS,
                    "profile=" + request.profile() + " subject=" + record.subject());
            return certificate;
        });
    }

    private static byte[] encoded(X509CertificateHolder certificate) {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
