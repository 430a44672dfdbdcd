package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.SerialNumbers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues the service's own certificates (its TLS certificate, the OCSP responder's) under their
 * fixed {@link ServiceProfile}s by the same steps as {@link IssuanceService}, minus the CSR
 * policy: reserve the serial, prepare and lint, sign, store the record, audit, all in one
 * transaction. No certificate leaves the service without its record.
 *
 * <p>The issuing CA's standing is checked as for every certificate, but an end that comes before
 * the wanted one is handled differently: a person asking for a certificate is refused and told
 * how many days are left, while the service, which cannot ask again with fewer days, gets a
 * certificate that ends with the CA and a warning in the log. It never claims more than the CA
 * can back, and keeps serving until the CA ends. A revoked or expired CA issues nothing, not even
 * to the service.
 */
@Service
public class ServiceCertificates {

    private static final Logger log = LoggerFactory.getLogger(ServiceCertificates.class);
    private static final Actor SYSTEM = new Actor("system:service-certificates", null);

    private final RecordedSigner recordedSigner;
    private final IssuingCaCheck issuingCa;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ServiceCertificates(RecordedSigner recordedSigner, IssuingCaCheck issuingCa, TransactionTemplate transactions,
            Clock clock) {
        this.recordedSigner = recordedSigner;
        this.issuingCa = issuingCa;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @throws IssuingCaUnavailableException when the issuing CA is revoked or has expired */
    public X509CertificateHolder issue(ServiceCertificateRequest request) {
        issuingCa.requireUsable();
        ServiceProfile profile = request.profile();
        return SerialRetry.run(() -> transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            // a few minutes of backdating absorbs clock skew at relying parties
            Instant notBefore = now.minus(5, ChronoUnit.MINUTES);
            Instant notAfter = notBefore.plus(request.validity());
            Instant caEnd = issuingCa.notAfter();
            if (notAfter.isAfter(caEnd)) {
                log.warn("The issuing CA expires at {}, before the wanted end {} of the {} certificate: it ends with"
                        + " the CA instead. Replace the issuing CA before then.", caEnd, notAfter,
                        profile.recordedName());
                notAfter = caEnd;
            }
            return recordedSigner.sign(new CertificateTemplate(IssuerId.ISSUING, SerialNumbers.next(),
                    request.subject(), request.publicKey(), notBefore, notAfter, request.subjectAltNames(),
                    profile.keyUsage(), List.of(profile.extendedKeyUsage()), false, null, profile.ocspNoCheck()),
                    profile.recordedName(), sanText(request), SYSTEM).certificate();
        }));
    }

    /**
     * Whether a service certificate should be replaced: it has expired, or it ends before
     * {@code renewBefore} and before the issuing CA (one that ends with the CA cannot be replaced by
     * one that lasts longer, and issuing it again every day would change nothing).
     */
    public boolean renewalDue(X509CertificateHolder current, Instant renewBefore) {
        Instant end = current.getNotAfter().toInstant();
        return !clock.instant().isBefore(end) || end.isBefore(renewBefore) && end.isBefore(issuingCa.notAfter());
    }

    /** The names as the store keeps them for searching: {@code DNS:host}, {@code IP:address}. */
    private static String sanText(ServiceCertificateRequest request) {
        if (request.subjectAltNames() == null) {
            return "";
        }
        List<String> text = new ArrayList<>();
        for (GeneralName name : request.subjectAltNames().getNames()) {
            if (name.getTagNo() == GeneralName.iPAddress) {
                try {
                    byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
                    text.add("IP:" + InetAddress.getByAddress(octets).getHostAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("an IP address of " + name + " octets", e);
                }
            } else if (name.getTagNo() == GeneralName.dNSName) {
                text.add("DNS:" + name.getName().toString().toLowerCase(Locale.ROOT));
            }
        }
        return String.join(", ", text);
    }
}
