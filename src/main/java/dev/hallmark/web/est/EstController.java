package dev.hallmark.web.est;

import dev.hallmark.admin.Role;
import dev.hallmark.audit.Outcome;
import dev.hallmark.config.EstProperties;
import dev.hallmark.enrollment.Enrollment;
import dev.hallmark.enrollment.EnrollmentCredential;
import dev.hallmark.enrollment.EnrollmentService;
import dev.hallmark.enrollment.EstEnrollmentFinished;
import dev.hallmark.enrollment.ServerGeneratedCertificate;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.security.CredentialAuthenticationFilter;
import dev.hallmark.security.HallmarkPrincipal;
import dev.hallmark.web.PayloadTooLargeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enrollment over Secure Transport, RFC 7030, under {@code /.well-known/est/} on HTTPS, with an
 * optional label segment naming the profile ({@code /.well-known/est/device/simpleenroll}).
 * Every body is base64 with line breaks ({@code Content-Transfer-Encoding: base64}). A request body is read
 * as it comes, whatever its content type: {@code curl --data-binary} labels it a form, which a CSR never is,
 * and reading it as form fields would mangle it.
 * <p>
 * Who may enroll (section 3.3): HTTP Basic with an enrollment token (user = token id, password =
 * token), an administrator's or operator's client certificate of this CA, or a client certificate
 * from a configured bootstrap CA. Re-enrollment: the current certificate of this CA as the TLS
 * client certificate. Every enrollment is decided at once; there is no manual approval, so this
 * server never answers 202. Each enrollment's outcome is published as {@link EstEnrollmentFinished}.
 */
@RestController
@RequestMapping("/.well-known/est")
@Tag(name = "est")
public class EstController {

    static final MediaType PKCS7 = MediaType.parseMediaType("application/pkcs7-mime");
    static final MediaType PKCS7_CERTS_ONLY = MediaType.parseMediaType("application/pkcs7-mime; smime-type=certs-only");
    static final MediaType PKCS8 = MediaType.parseMediaType("application/pkcs8");
    static final MediaType CSRATTRS = MediaType.parseMediaType("application/csrattrs");
    private static final String TRANSFER_ENCODING = "Content-Transfer-Encoding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EnrollmentService enrollment;
    private final ProfileCatalog profiles;
    private final String defaultProfile;
    private final ApplicationEventPublisher events;

    public EstController(EnrollmentService enrollment, ProfileCatalog profiles, EstProperties properties,
            ApplicationEventPublisher events) {
        this.enrollment = enrollment;
        this.profiles = profiles;
        this.defaultProfile = properties.defaultProfile();
        this.events = events;
    }

    @Operation(summary = "EST /cacerts (RFC 7030 section 4.1): the issuing CA and root as certs-only CMS, base64")
    @GetMapping("/cacerts")
    public ResponseEntity<byte[]> cacerts() {
        return base64Body(PKCS7, EstMessages.certsOnly(enrollment.caCertificates()));
    }

    @GetMapping("/{label}/cacerts")
    public ResponseEntity<byte[]> cacerts(@PathVariable String label) {
        profile(label);
        return cacerts();
    }

    @Operation(summary = "EST /simpleenroll (RFC 7030 section 4.2.1): base64 PKCS#10 in, certs-only CMS out")
    @PostMapping("/simpleenroll")
    public ResponseEntity<byte[]> simpleEnroll(InputStream body, HttpServletRequest request) throws IOException {
        return simpleEnroll(null, body, request);
    }

    @PostMapping("/{label}/simpleenroll")
    public ResponseEntity<byte[]> simpleEnroll(@PathVariable String label, InputStream body,
            HttpServletRequest request) throws IOException {
        return recorded(EstEnrollmentFinished.Operation.simpleenroll, () -> simpleEnrollAnswer(label, body, request));
    }

    private ResponseEntity<byte[]> simpleEnrollAnswer(String label, InputStream body, HttpServletRequest request)
            throws IOException {
        String profile = label == null ? null : profile(label);
        byte[] csr = EstMessages.csr(body.readAllBytes());
        IssuedCertificate issued = enrollment.enroll(credential(request), new Enrollment(csr, profile, defaultProfile,
                null, request.getRemoteAddr()));
        return certificate(issued);
    }

    @Operation(summary = "EST /simplereenroll (RFC 7030 section 4.2.2): renew with the current certificate as TLS "
            + "client certificate; same subject and SANs, the CSR's key")
    @PostMapping("/simplereenroll")
    public ResponseEntity<byte[]> simpleReenroll(InputStream body, HttpServletRequest request) throws IOException {
        return simpleReenroll(null, body, request);
    }

    @PostMapping("/{label}/simplereenroll")
    public ResponseEntity<byte[]> simpleReenroll(@PathVariable String label, InputStream body,
            HttpServletRequest request) throws IOException {
        return recorded(EstEnrollmentFinished.Operation.simplereenroll, () -> simpleReenrollAnswer(label, body, request));
    }

    private ResponseEntity<byte[]> simpleReenrollAnswer(String label, InputStream body, HttpServletRequest request)
            throws IOException {
        if (label != null) {
            profile(label);
        }
        HallmarkPrincipal principal = principal();
        if (principal == null || principal.certificateSerial() == null) {
            throw EstException.forbidden(CredentialAuthenticationFilter.refusal(request)
                    .map(refusal -> "the client certificate is not accepted for re-enrollment: " + refusal)
                    .orElse("re-enrollment needs the current certificate of this CA as the TLS client certificate"));
        }
        if (principal.role() != null) {
            throw EstException.forbidden("administrator certificates are not re-enrolled over EST; "
                    + "an administrator gets a new certificate through /api/v1/admins");
        }
        IssuedCertificate issued = enrollment.renew(principal.certificateSerial(), EstMessages.csr(body.readAllBytes()),
                null, request.getRemoteAddr());
        return certificate(issued);
    }

    @Operation(summary = "EST /serverkeygen (RFC 7030 section 4.4): the server generates the key; multipart answer "
            + "with the key (application/pkcs8) and the certificate (application/pkcs7-mime)")
    @PostMapping("/serverkeygen")
    public ResponseEntity<byte[]> serverKeygen(InputStream body, HttpServletRequest request) throws IOException {
        return serverKeygen(null, body, request);
    }

    @PostMapping("/{label}/serverkeygen")
    public ResponseEntity<byte[]> serverKeygen(@PathVariable String label, InputStream body,
            HttpServletRequest request) throws IOException {
        return recorded(EstEnrollmentFinished.Operation.serverkeygen, () -> serverKeygenAnswer(label, body, request));
    }

    private ResponseEntity<byte[]> serverKeygenAnswer(String label, InputStream body, HttpServletRequest request)
            throws IOException {
        String profile = label == null ? null : profile(label);
        byte[] csr = EstMessages.csr(body.readAllBytes());
        ServerGeneratedCertificate generated = enrollment.enrollWithServerKey(credential(request),
                new Enrollment(csr, profile, defaultProfile, null, request.getRemoteAddr()));
        String boundary = "est-" + HexFormat.of().formatHex(random(12));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            part(out, boundary, PKCS8, generated.privateKeyPkcs8());
            part(out, boundary, PKCS7_CERTS_ONLY, EstMessages.certsOnly(List.of(holder(generated.certificate()))));
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(MediaType.parseMediaType("multipart/mixed; boundary=" + boundary)).body(out.toByteArray());
    }

    @Operation(summary = "EST /csrattrs (RFC 7030 section 4.5): what the CA would like in a CSR, base64 DER")
    @GetMapping("/csrattrs")
    public ResponseEntity<byte[]> csrAttributes() {
        return base64Body(CSRATTRS, EstMessages.csrAttributes());
    }

    @GetMapping("/{label}/csrattrs")
    public ResponseEntity<byte[]> csrAttributes(@PathVariable String label) {
        profile(label);
        return csrAttributes();
    }

    /**
     * Runs an enrollment and publishes its outcome: success, refused (the answers in 4xx: the request, its
     * credential or its size) or failed (5xx: inside the CA, or an issuing CA that cannot issue). A request with no
     * credential at all, answered with the Basic challenge that EST clients expect before they send one, is not an
     * outcome.
     */
    private ResponseEntity<byte[]> recorded(EstEnrollmentFinished.Operation operation, Answer enrollment)
            throws IOException {
        Outcome outcome = Outcome.FAILED;
        try {
            ResponseEntity<byte[]> answer = enrollment.get();
            outcome = Outcome.SUCCESS;
            return answer;
        } catch (EstChallenge e) {
            outcome = null;
            throw e;
        } catch (EstException | PolicyViolationException | IssuanceRefusedException | PayloadTooLargeException e) {
            outcome = Outcome.REFUSED;
            throw e;
        } finally {
            if (outcome != null) {
                events.publishEvent(new EstEnrollmentFinished(operation, outcome));
            }
        }
    }

    /** An enrollment's answer, which reads the request body. */
    @FunctionalInterface
    private interface Answer {
        ResponseEntity<byte[]> get() throws IOException;
    }

    /**
     * The credential of a first enrollment, in order: HTTP Basic token, operator certificate, bootstrap
     * certificate. A bearer token is REST's credential, not EST's, and is not looked at here.
     */
    private EnrollmentCredential credential(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new EstChallenge();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new EstChallenge();
            }
            return new EnrollmentCredential.Token(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        HallmarkPrincipal principal = principal();
        if (principal != null && (principal.role() == Role.ADMIN || principal.role() == Role.OPERATOR)) {
            return new EnrollmentCredential.Operator(principal.name(), principal.role());
        }
        if (principal != null) {
            throw EstException.forbidden("this certificate of this CA may not enroll a new identity; "
                    + "renew it with simplereenroll, or enroll with an enrollment token");
        }
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (chain != null && chain.length > 0) {
            return new EnrollmentCredential.BootstrapCertificate(chain);
        }
        throw new EstChallenge();
    }

    private String profile(String label) {
        if (profiles.find(label).isEmpty()) {
            throw EstException.notFound("no EST label '" + label + "'; labels are profile names");
        }
        return label;
    }

    private static ResponseEntity<byte[]> certificate(IssuedCertificate issued) {
        return base64Body(PKCS7_CERTS_ONLY, EstMessages.certsOnly(List.of(holder(issued))));
    }

    private static ResponseEntity<byte[]> base64Body(MediaType type, byte[] der) {
        return ResponseEntity.ok().contentType(type).header(TRANSFER_ENCODING, "base64")
                .cacheControl(CacheControl.noStore()).body(EstMessages.base64(der));
    }

    private static void part(ByteArrayOutputStream out, String boundary, MediaType type, byte[] der) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Type: " + type + "\r\n" + TRANSFER_ENCODING + ": base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(EstMessages.base64(der));
    }

    private static X509CertificateHolder holder(IssuedCertificate issued) {
        try {
            return new X509CertificateHolder(issued.der());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HallmarkPrincipal principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof HallmarkPrincipal p ? p : null;
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }
}
