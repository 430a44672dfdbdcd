package dev.hallmark.web.crl;

import dev.hallmark.revocation.CrlPublisher;
import dev.hallmark.revocation.PublishedCrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CRLs (RFC 5280 section 5), on both ports, to anyone: the issuing CA's at {@code /crl} (DER)
 * and {@code /crl.pem}, the root's (revoked intermediates) at {@code /crl/root}, and each one's delta
 * CRL (5.2.4) at {@code /crl/delta} and {@code /crl/root/delta}. Each answer is the last signed
 * file, streamed; {@code no-cache} with an ETag lets caches revalidate cheaply while a revocation
 * still shows on the very next fetch.
 */
@RestController
@Tag(name = "crl")
public class CrlController {

    static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");
    static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

    private final CrlPublisher crls;

    public CrlController(CrlPublisher crls) {
        this.crls = crls;
    }

    @Operation(operationId = "getIssuingCrl", summary = "The issuing CA's CRL (DER)")
    @GetMapping("/crl")
    public ResponseEntity<Resource> issuingDer(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.issuingCrl();
        return answer(crl, crl.der(), crl.derSize(), PKIX_CRL, etag, "");
    }

    @Operation(operationId = "getIssuingCrlPem", summary = "The issuing CA's CRL (PEM), for nginx ssl_crl and Apache SSLCARevocationFile")
    @GetMapping("/crl.pem")
    public ResponseEntity<Resource> issuingPem(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.issuingCrl();
        return answer(crl, crl.pem(), crl.pemSize(), PEM, etag, "pem");
    }

    @Operation(operationId = "getRootCrl", summary = "The root CA's CRL (DER): revoked intermediate CAs")
    @GetMapping("/crl/root")
    public ResponseEntity<Resource> rootDer(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.rootCrl();
        return answer(crl, crl.der(), crl.derSize(), PKIX_CRL, etag, "");
    }

    @Operation(operationId = "getRootCrlPem", summary = "The root CA's CRL (PEM)")
    @GetMapping("/crl/root.pem")
    public ResponseEntity<Resource> rootPem(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.rootCrl();
        return answer(crl, crl.pem(), crl.pemSize(), PEM, etag, "pem");
    }

    @Operation(operationId = "getIssuingDeltaCrl", summary = "The issuing CA's delta CRL (DER): its revocations since /crl")
    @GetMapping("/crl/delta")
    public ResponseEntity<Resource> issuingDeltaDer(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.issuingDeltaCrl();
        return answer(crl, crl.der(), crl.derSize(), PKIX_CRL, etag, "");
    }

    @Operation(operationId = "getIssuingDeltaCrlPem", summary = "The issuing CA's delta CRL (PEM)")
    @GetMapping("/crl/delta.pem")
    public ResponseEntity<Resource> issuingDeltaPem(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.issuingDeltaCrl();
        return answer(crl, crl.pem(), crl.pemSize(), PEM, etag, "pem");
    }

    @Operation(operationId = "getRootDeltaCrl", summary = "The root CA's delta CRL (DER): its revocations since /crl/root")
    @GetMapping("/crl/root/delta")
    public ResponseEntity<Resource> rootDeltaDer(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.rootDeltaCrl();
        return answer(crl, crl.der(), crl.derSize(), PKIX_CRL, etag, "");
    }

    @Operation(operationId = "getRootDeltaCrlPem", summary = "The root CA's delta CRL (PEM)")
    @GetMapping("/crl/root/delta.pem")
    public ResponseEntity<Resource> rootDeltaPem(@RequestHeader(name = "If-None-Match", required = false) String etag) {
        PublishedCrl crl = crls.rootDeltaCrl();
        return answer(crl, crl.pem(), crl.pemSize(), PEM, etag, "pem");
    }

    private static ResponseEntity<Resource> answer(PublishedCrl crl, Path file, long size, MediaType type,
            String ifNoneMatch, String variant) {
        String etag = variant.isEmpty() ? crl.etag() : crl.etag().replace("\"crl-", "\"crl-" + variant + "-");
        var builder = ResponseEntity.status(HttpStatus.OK).cacheControl(CacheControl.noCache()).eTag(etag)
                .lastModified(crl.thisUpdate()).header("Expires", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(crl.nextUpdate().atZone(java.time.ZoneOffset.UTC)));
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
        }
        return builder.contentType(type).contentLength(size).body(new FileSystemResource(file));
    }
}
