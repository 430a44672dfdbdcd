package dev.hallmark.acme;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.hallmark.admin.Caller;
import dev.hallmark.audit.Actor;
import dev.hallmark.issuance.Serials;
import dev.hallmark.revocation.RevocationException;
import dev.hallmark.revocation.RevocationReason;
import dev.hallmark.revocation.RevocationService;
import dev.hallmark.storage.AcmeRecords;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.springframework.stereotype.Service;

/**
 * revokeCert (RFC 8555 section 7.6): by the account that ordered the certificate or holds valid
 * authorizations for every name in it, or by whoever signs with the certificate's own key. The
 * revocation itself is {@link RevocationService}'s, with its policy, audit, CRL and OCSP, exactly as
 * for the REST API; the caller is the subscriber of that one certificate.
 */
@Service
public class AcmeRevocations {

    /** The reasons a subscriber may give (RFC 8555 section 7.6 refers to RFC 5280's; CA-side reasons are the CA's). */
    static final List<RevocationReason> SUBSCRIBER_REASONS = List.of(RevocationReason.unspecified,
            RevocationReason.keyCompromise, RevocationReason.affiliationChanged, RevocationReason.superseded,
            RevocationReason.cessationOfOperation);

    private final CertificateRepository certificates;
    private final AcmeRecords records;
    private final RevocationService revocations;
    private final Clock clock;

    AcmeRevocations(CertificateRepository certificates, AcmeRecords records, RevocationService revocations,
            Clock clock) {
        this.certificates = certificates;
        this.records = records;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * @param account the requesting account ({@code kid}), or null
     * @param key the signing key ({@code jwk}), or null
     * @param reasonCode the RFC 5280 reason code, or null for unspecified
     */
    public void revoke(AcmeAccount account, AccountKey key, byte[] der, Integer reasonCode, String remoteAddress) {
        X509CertificateHolder certificate;
        try {
            certificate = new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw new AcmeException(AcmeProblem.malformed, "'certificate' is not a DER certificate");
        }
        RevocationReason reason = reason(reasonCode);
        String serial = Serials.hex(certificate.getSerialNumber());
        CertificateRecord record = certificates.findBySerial(serial).filter(r -> Arrays.equals(r.der(), der))
                .orElseThrow(() -> AcmeException.notFound("certificate issued by this CA with serial " + serial));
        Actor actor;
        if (key != null) {
            if (!key.thumbprint().equals(thumbprint(certificate))) {
                throw new AcmeException(AcmeProblem.unauthorized, "the request is signed neither by an account nor"
                        + " by the certificate's key");
            }
            actor = new Actor("acme-key:" + key.thumbprint(), remoteAddress);
        } else {
            if (!ordered(account, serial) && !authorizedForAllNames(account, certificate)) {
                throw new AcmeException(AcmeProblem.unauthorized, "this account neither ordered the certificate nor"
                        + " holds valid authorizations for every name in it");
            }
            actor = AcmeAccounts.actor(account.id(), remoteAddress);
        }
        try {
            revocations.revoke(record.serial(), reason, Caller.subscriber(actor, record.serial()));
        } catch (RevocationException e) {
            throw switch (e.reason()) {
                case ALREADY_REVOKED -> new AcmeException(AcmeProblem.alreadyRevoked, e.getMessage());
                case FORBIDDEN, INVALID, LAST_ADMIN -> new AcmeException(AcmeProblem.unauthorized, e.getMessage());
                case NOT_FOUND -> AcmeException.notFound("certificate " + serial);
                case BUSY -> new AcmeException(AcmeProblem.serverInternal, 503, e.getMessage());
            };
        }
    }

    static RevocationReason reason(Integer code) {
        if (code == null) {
            return RevocationReason.unspecified;
        }
        return SUBSCRIBER_REASONS.stream().filter(r -> r.code() == code).findFirst().orElseThrow(() ->
                new AcmeException(AcmeProblem.badRevocationReason, "reason " + code + " is not one a subscriber may"
                        + " give; use 0 (unspecified), 1 (keyCompromise), 3 (affiliationChanged), 4 (superseded) or"
                        + " 5 (cessationOfOperation)"));
    }

    private boolean ordered(AcmeAccount account, String serial) {
        return records.findOrderByCertificate(serial).filter(o -> o.accountId().equals(account.id())).isPresent();
    }

    private boolean authorizedForAllNames(AcmeAccount account, X509CertificateHolder certificate) {
        Extension extension = certificate.getExtension(Extension.subjectAlternativeName);
        if (extension == null) {
            return false;
        }
        GeneralName[] names = GeneralNames.getInstance(extension.getParsedValue()).getNames();
        if (names.length == 0) {
            return false;
        }
        for (GeneralName name : names) {
            Optional<OrderIdentifier> identifier = identifier(name);
            if (identifier.isEmpty() || !records.holdsValidAuthorization(account.id(), identifier.get().type(),
                    identifier.get().value(), clock.instant())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<OrderIdentifier> identifier(GeneralName name) {
        if (name.getTagNo() == GeneralName.dNSName) {
            String value = ((ASN1String) name.getName()).getString().toLowerCase(Locale.ROOT);
            boolean wildcard = value.startsWith("*.");
            return Optional.of(new OrderIdentifier(OrderIdentifier.DNS, wildcard ? value.substring(2) : value, wildcard));
        }
        if (name.getTagNo() == GeneralName.iPAddress) {
            String ip = AcmeIdentifiers.canonical(ASN1OctetString.getInstance(name.getName()).getOctets());
            return Optional.ofNullable(ip).map(v -> new OrderIdentifier(OrderIdentifier.IP, v, false));
        }
        return Optional.empty();
    }

    private static String thumbprint(X509CertificateHolder holder) {
        try {
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return JWK.parse(certificate).computeThumbprint().toString();
        } catch (CertificateException | JOSEException | RuntimeException e) {
            // a key type JOSE cannot express cannot have signed this request either
            return "";
        }
    }
}
