package dev.hallmark.acme;

import dev.hallmark.inventory.CaCertificates;
import dev.hallmark.inventory.CertificateQueries;
import dev.hallmark.inventory.CertificateView;
import dev.hallmark.issuance.Serials;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.stereotype.Service;

/**
 * ACME Renewal Information (RFC 9773): the window in which a certificate should be renewed, the last
 * third of its lifetime (at once for a revoked one), for the certificate ID
 * {@code base64url(authorityKeyIdentifier) "." base64url(serial)} (section 4.1).
 */
@Service
public class RenewalInformation {

    /** How soon to ask again (RFC 9773 section 4.2 suggests hours). */
    public static final Duration RETRY_AFTER = Duration.ofHours(6);

    private static final Pattern CERT_ID = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final CertificateQueries certificates;
    private final byte[] issuingKeyId;
    private final Clock clock;

    RenewalInformation(CertificateQueries certificates, CaCertificates cas, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
        try {
            X509CertificateHolder issuing = new X509CertificateHolder(cas.issuingDer());
            this.issuingKeyId = SubjectKeyIdentifier.fromExtensions(issuing.getExtensions()).getKeyIdentifier();
        } catch (IOException e) {
            throw new IllegalStateException("the issuing CA certificate cannot be read", e);
        }
    }

    public record Window(Instant start, Instant end) {
    }

    /** The serial of the certificate a certificate ID names, if it is one this CA's issuing CA signed. */
    public String serial(String certId) {
        if (certId == null || certId.length() > 200 || !CERT_ID.matcher(certId).matches()) {
            throw new AcmeException(AcmeProblem.malformed, "a certificate ID is base64url(AKI).base64url(serial)");
        }
        String[] parts = certId.split("\\.");
        byte[] keyId = Base64.getUrlDecoder().decode(parts[0]);
        byte[] serial = Base64.getUrlDecoder().decode(parts[1]);
        if (serial.length == 0 || serial.length > 21 || (serial[0] & 0x80) != 0) {
            throw new AcmeException(AcmeProblem.malformed, "the certificate ID's serial is not a positive DER INTEGER");
        }
        if (!Arrays.equals(keyId, issuingKeyId)) {
            throw AcmeException.notFound("certificate of this CA for ID " + AcmeIdentifiers.quote(certId));
        }
        return Serials.hex(new BigInteger(serial));
    }

    public Window window(String certId) {
        CertificateView certificate = certificates.find(serial(certId)).orElseThrow(() ->
                AcmeException.notFound("certificate of this CA for ID " + AcmeIdentifiers.quote(certId)));
        Instant now = clock.instant();
        if ("revoked".equalsIgnoreCase(certificate.status())) {
            // RFC 9773 section 4.2: a window in the past means renew now
            return new Window(now.minus(Duration.ofHours(1)), now.minusSeconds(1));
        }
        Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter());
        Instant start = certificate.notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
        Instant end = certificate.notAfter().minus(lifetime.dividedBy(9));
        return new Window(start, end);
    }
}
