package dev.hallmark.web.ca;

import dev.hallmark.inventory.CaCertificates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The CA certificates, for trust stores and for AIA caIssuers fetches; on both ports, to anyone. */
@RestController
@RequestMapping("/ca")
@Tag(name = "ca")
public class CaCertificateController {

    private static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");
    private static final MediaType DER = MediaType.parseMediaType("application/pkix-cert");

    private final CaCertificates certificates;

    public CaCertificateController(CaCertificates certificates) {
        this.certificates = certificates;
    }

    @Operation(operationId = "getRootPem", summary = "The root CA certificate (PEM): the trust anchor")
    @GetMapping("/root.pem")
    public ResponseEntity<String> rootPem() {
        return ok(PEM).body(certificates.rootPem());
    }

    @Operation(operationId = "getChainPem", summary = "The issuing CA then the root (PEM)")
    @GetMapping("/chain.pem")
    public ResponseEntity<String> chainPem() {
        return ok(PEM).body(certificates.chainPem());
    }

    @Operation(operationId = "getRootDer", summary = "The root CA certificate (DER)")
    @GetMapping("/root.crt")
    public ResponseEntity<byte[]> rootDer() {
        return ok(DER).body(certificates.rootDer());
    }

    @Operation(operationId = "getIssuerDer", summary = "The issuing CA certificate (DER), as AIA caIssuers points to")
    @GetMapping("/issuer.crt")
    public ResponseEntity<byte[]> issuerDer() {
        return ok(DER).body(certificates.issuingDer());
    }

    private static ResponseEntity.BodyBuilder ok(MediaType type) {
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)));
    }
}
