package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.PreparedCertificate;
import dev.hallmark.storage.IssuanceRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps every certificate passes, whoever asked for it: the template's serial is reserved in
 * the store (unique) before anything is signed, the to-be-signed certificate is linted, the CA
 * signs, the record is completed and the issuance audited. Runs inside the caller's transaction,
 * so a failure at any step leaves nothing behind.
 */
@Component
class RecordedSigner {

    /** A signed and recorded certificate. */
    record Signed(String serial, String subject, String fingerprint, X509CertificateHolder certificate, byte[] der) {
    }

    private final CertificateSigner signer;
    private final CertificateAuthorities authorities;
    private final IssuanceRecords records;
    private final AuditLog audit;
    private final Clock clock;

    RecordedSigner(CertificateSigner signer, CertificateAuthorities authorities, IssuanceRecords records, AuditLog audit,
            Clock clock) {
        this.signer = signer;
        this.authorities = authorities;
        this.records = records;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Signed sign(CertificateTemplate template, String profile, String sanText, Actor actor) {
        var cn = template.subject().getRDNs(BCStyle.CN);
        String commonName = cn.length == 0 ? null : IETFUtils.valueToString(cn[0].getFirst().getValue());
        String serial = Serials.hex(template.serial());
        String subject = template.subject().toString();
        records.reserve(new IssuanceRecords.Reservation(serial, authorities.nameId(template.issuer()).value(), subject, commonName, sanText,
                profile, actor.name(), template.notBefore(), template.notAfter(), clock.instant()));
        PreparedCertificate prepared = signer.prepare(template);
        X509CertificateHolder certificate = signer.issue(prepared);
        byte[] der = encoded(certificate);
        String fingerprint = Fingerprints.sha256(der);
        records.complete(serial, der, fingerprint);
        audit.record(actor, "certificate.issue", serial, Outcome.SUCCESS, "profile=" + profile + " subject=" + subject);
        return new Signed(serial, subject, fingerprint, certificate, der);
    }

    static byte[] encoded(X509CertificateHolder certificate) {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
