package dev.hallmark.web.rest;

import dev.hallmark.enrollment.EnrollmentService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.security.HallmarkPrincipal;
import dev.hallmark.web.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renewal by the holder of a current certificate, presented as the TLS client certificate: a new
 * certificate with the same subject, SANs and profile for the CSR's (new) key. A cron job can run
 * {@code curl --cert cur.crt --key cur.key --data-binary @new.csr https://ca:8443/api/v1/certificates/renew}.
 */
@RestController
@Tag(name = "certificates")
public class RenewalController {

    private final EnrollmentService enrollment;

    public RenewalController(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    @Operation(operationId = "renewCertificate",
            summary = "Renew the TLS client certificate: same names, the CSR's key; answers the PEM chain")
    @ApiResponse(responseCode = "201", description = "the new certificate then the issuing CA, as PEM",
            content = @Content(mediaType = CertificateController.PEM_CHAIN))
    @PostMapping(path = "/api/v1/certificates/renew", consumes = {"application/pkcs10", "application/x-pem-file",
        MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE},
            produces = CertificateController.PEM_CHAIN)
    public ResponseEntity<String> renew(
            // not required for Spring, so an empty body reaches the CSR decoder and gets its message
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true) @RequestBody(required = false) byte[] csr, @RequestParam(required = false) Integer validityDays,
            HttpServletRequest request) {
        HallmarkPrincipal principal = Callers.principal();
        IssuedCertificate issued = enrollment.renew(principal.certificateSerial(), csr, validityDays,
                request.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/v1/certificates/" + issued.serial()))
                .contentType(MediaType.parseMediaType(CertificateController.PEM_CHAIN)).body(issued.chainPem());
    }

    /**
     * The same, for a CSR that {@code curl --data-binary} labels {@code application/x-www-form-urlencoded}, read as
     * sent (see {@link CertificateController#issuePkcs10LabelledForm} for why a stream, first).
     */
    @Operation(hidden = true)
    @PostMapping(path = "/api/v1/certificates/renew", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = CertificateController.PEM_CHAIN)
    public ResponseEntity<String> renewLabelledForm(InputStream csr,
            @RequestParam(required = false) Integer validityDays, HttpServletRequest request) throws IOException {
        return renew(csr.readAllBytes(), validityDays, request);
    }
}
