package dev.hallmark.web.ca;

import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.Pem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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

    private final CertificateAuthorities authorities;

    public CaCertificateController(CertificateAuthorities authorities) {
        this.authorities = authorities;
    }

    @Operation(summary = "The root CA certificate (PEM): the trust anchor")
    @GetMapping("/root.pem")
    public ResponseEntity<String> rootPem() {
        return ok(PEM).body(Pem.certificates(List.of(authorities.certificate(IssuerId.ROOT))));
    }

    @Operation(summary = "The issuing CA then the root (PEM)")
    @GetMapping("/chain.pem")
    public ResponseEntity<String> chainPem() {
        return ok(PEM).body(Pem.certificates(authorities.chain()));
    }

    @Operation(summary = "The root CA certificate (DER)")
    @GetMapping("/root.crt")
    public ResponseEntity<byte[]> rootDer() {
        return ok(DER).body(der(IssuerId.ROOT));
    }

    @Operation(summary = "The issuing CA certificate (DER), as AIA caIssuers points to")
    @GetMapping("/issuer.crt")
    public ResponseEntity<byte[]> issuerDer() {
        return ok(DER).body(der(IssuerId.ISSUING));
    }

    private byte[] der(IssuerId id) {
        try {
            return authorities.certificate(id).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseEntity.BodyBuilder ok(MediaType type) {
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)));
    }
}
