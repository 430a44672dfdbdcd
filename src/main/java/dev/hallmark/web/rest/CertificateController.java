package dev.hallmark.web.rest;

import dev.hallmark.config.HallmarkProperties;
import dev.hallmark.inventory.CertificateFilter;
import dev.hallmark.inventory.CertificatePage;
import dev.hallmark.inventory.CertificateQueries;
import dev.hallmark.inventory.CertificateView;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.issuance.Serials;
import dev.hallmark.policy.Limits;
import dev.hallmark.revocation.RevocationReason;
import dev.hallmark.revocation.RevocationService;
import dev.hallmark.web.Callers;
import dev.hallmark.web.problem.ProblemException;
import dev.hallmark.web.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Issue, find, read and revoke certificates. */
@RestController
@RequestMapping("/api/v1/certificates")
@Tag(name = "certificates")
public class CertificateController {

    static final String PEM_CHAIN = "application/pem-certificate-chain";
    static final String CSV = "text/csv";

    private final EnrollmentRequests enrollment;
    private final CertificateQueries queries;
    private final RevocationService revocation;
    private final int maxPageSize;

    public CertificateController(EnrollmentRequests enrollment, CertificateQueries queries, RevocationService revocation,
            HallmarkProperties properties) {
        this.enrollment = enrollment;
        this.queries = queries;
        this.revocation = revocation;
        this.maxPageSize = properties.api().maxPageSize();
    }

    @Operation(operationId = "issueCertificateFromCsr", summary = "Issue a certificate from a PKCS#10 CSR (PEM or DER); answers the PEM chain")
    @ApiResponse(responseCode = "201", description = "the certificate then the issuing CA, as PEM",
            content = @Content(mediaType = PEM_CHAIN))
    @PostMapping(consumes = {"application/pkcs10", "application/x-pem-file", MediaType.TEXT_PLAIN_VALUE,
        MediaType.APPLICATION_OCTET_STREAM_VALUE}, produces = PEM_CHAIN)
    public ResponseEntity<String> issuePkcs10(
            // not required for Spring, so an empty body reaches the CSR decoder and gets its message
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true) @RequestBody(required = false) byte[] csr,
            @RequestParam(required = false) String profile, @RequestParam(required = false) Integer validityDays,
            HttpServletRequest request) {
        IssuedCertificate issued = enrollment.issue(csr, profile, validityDays, request);
        return ResponseEntity.created(location(issued)).contentType(MediaType.parseMediaType(PEM_CHAIN))
                .body(issued.chainPem());
    }

    /**
     * The same, for a CSR that {@code curl --data-binary} labels {@code application/x-www-form-urlencoded}: a CSR
     * is never a form, so the body is read as sent. It is taken as a stream, as the first argument: Spring MVC
     * would rebuild a form body from parsed form fields, mangling the CSR, and resolving a {@code @RequestParam}
     * first would make Tomcat parse the body as form fields. Not in the API description, which documents the
     * CSR's own media types.
     */
    @Operation(hidden = true)
    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = PEM_CHAIN)
    public ResponseEntity<String> issuePkcs10LabelledForm(InputStream csr,
            @RequestParam(required = false) String profile, @RequestParam(required = false) Integer validityDays,
            HttpServletRequest request) throws IOException {
        return issuePkcs10(csr.readAllBytes(), profile, validityDays, request);
    }

    @Operation(operationId = "issueCertificateFromJson", summary = "Issue a certificate from a JSON request; answers JSON")
    @ApiResponse(responseCode = "201", description = "the issued certificate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = IssuedCertificateResponse.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<IssuedCertificateResponse> issueJson(@Valid @RequestBody IssueCertificateRequest body,
            HttpServletRequest request) {
        IssuedCertificate issued = enrollment.issue(body.csr().getBytes(StandardCharsets.US_ASCII), body.profile(),
                body.validityDays(), request);
        return ResponseEntity.created(location(issued)).body(IssuedCertificateResponse.of(issued));
    }

    @Operation(operationId = "listCertificates", summary = "List certificates with filters and paging")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public CertificatePage list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String profile, @RequestParam(required = false) String q,
            @RequestParam(required = false) Instant expiresBefore, @RequestParam(required = false) Instant expiresAfter,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) String sort) {
        Paging.check(page, size, maxPageSize);
        return queries.search(new CertificateFilter(status, profile, q, expiresBefore, expiresAfter), page, size, sort);
    }

    @Operation(operationId = "listCertificatesAsCsv", summary = "List certificates as CSV, with the same filters")
    @GetMapping(produces = CSV)
    public ResponseEntity<String> listCsv(@RequestParam(required = false) String status,
            @RequestParam(required = false) String profile, @RequestParam(required = false) String q,
            @RequestParam(required = false) Instant expiresBefore, @RequestParam(required = false) Instant expiresAfter,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "1000") int size,
            @RequestParam(required = false) String sort) {
        CertificatePage result = list(status, profile, q, expiresBefore, expiresAfter, page, size, sort);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .body(CertificateCsv.write(result.items()));
    }

    @Operation(operationId = "getCertificate", summary = "One certificate as JSON")
    @GetMapping(path = "/{serial}", produces = MediaType.APPLICATION_JSON_VALUE)
    public CertificateView get(@PathVariable String serial) {
        return queries.find(serial(serial)).orElseThrow(() -> notFound(serial));
    }

    @Operation(operationId = "getCertificatePem", summary = "One certificate as PEM")
    @GetMapping(path = "/{serial}", produces = {"application/x-pem-file", PEM_CHAIN})
    public ResponseEntity<String> getPem(@PathVariable String serial) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(queries.pem(serial(serial)).orElseThrow(() -> notFound(serial)));
    }

    @Operation(operationId = "revokeCertificate", summary = "Revoke a certificate with an RFC 5280 reason",
            description = "ADMIN or OPERATOR. An administrator's certificate (of any role), a CA certificate and the"
                    + " service's own TLS and OCSP responder certificates only an ADMIN may revoke; the root CA and the last active ADMIN cannot be revoked.")
    @ApiResponse(responseCode = "200", description = "the revoked certificate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = CertificateView.class)))
    @ApiResponse(responseCode = "403", description = "the caller may not revoke this certificate: an OPERATOR revoking"
            + " an administrator's, a CA's or the service's own certificate (urn:hallmark:problem:forbidden); audited"
            + " as refused",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "409", description = "the certificate is the last active ADMIN's"
            + " (urn:hallmark:problem:last-admin: create another ADMIN first, or run create-admin on the CA's host),"
            + " or already revoked (urn:hallmark:problem:already-revoked)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping(path = "/{serial}/revoke", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public CertificateView revoke(@PathVariable String serial, @RequestBody(required = false) RevokeRequest body,
            HttpServletRequest request) {
        String normalized = serial(serial);
        String reasonName = body == null || body.reason() == null ? "unspecified" : body.reason();
        RevocationReason reason = RevocationReason.named(reasonName).orElseThrow(() -> new ProblemException(
                ProblemType.INVALID_REQUEST, "unknown reason '" + Limits.quote(reasonName) + "'; use one of "
                        + List.of(RevocationReason.values())));
        revocation.revoke(normalized, reason, Callers.caller(request));
        return queries.find(normalized).orElseThrow(() -> notFound(serial));
    }

    private static String serial(String text) {
        return Serials.parse(text).orElseThrow(() -> new ProblemException(ProblemType.INVALID_REQUEST,
                "'" + Limits.quote(text) + "' is not a hexadecimal serial number"));
    }

    private static ProblemException notFound(String serial) {
        return new ProblemException(ProblemType.NOT_FOUND, "no certificate with serial " + serial);
    }

    private static URI location(IssuedCertificate issued) {
        return URI.create("/api/v1/certificates/" + issued.serial());
    }
}
