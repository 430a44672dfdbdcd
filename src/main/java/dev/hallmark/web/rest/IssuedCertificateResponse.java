package dev.hallmark.web.rest;

import dev.hallmark.issuance.IssuedCertificate;
import java.time.Instant;
import java.util.List;

/** JSON answer to a JSON issuance request. */
public record IssuedCertificateResponse(String serial, String subject, List<String> sans, String profile,
        Instant notBefore, Instant notAfter, String fingerprintSha256, String certificate, String chain) {

    static IssuedCertificateResponse of(IssuedCertificate c) {
        return new IssuedCertificateResponse(c.serial(), c.subject(), c.sans(), c.profile(), c.notBefore(),
                c.notAfter(), c.fingerprint(), c.certificatePem(), c.chainPem());
    }
}
