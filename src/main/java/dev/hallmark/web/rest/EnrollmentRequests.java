package dev.hallmark.web.rest;

import dev.hallmark.admin.AdministratorAuthorizer;
import dev.hallmark.enrollment.Enrollment;
import dev.hallmark.enrollment.EnrollmentCredential;
import dev.hallmark.enrollment.EnrollmentService;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.IssuedCertificate;
import dev.hallmark.security.HallmarkPrincipal;
import dev.hallmark.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Issues for a REST call according to how the caller authenticated, through that credential's authorizer: an
 * administrator or operator certificate issues under the profile asked for ({@code server} when none); an
 * enrollment token ({@code Authorization: Bearer}) issues once, within the token's profile and names.
 */
@Component
class EnrollmentRequests {

    static final String DEFAULT_PROFILE = "server";

    private final IssuanceService issuance;
    private final EnrollmentService enrollment;
    private final AdministratorAuthorizer administrators;

    EnrollmentRequests(IssuanceService issuance, EnrollmentService enrollment, AdministratorAuthorizer administrators) {
        this.issuance = issuance;
        this.enrollment = enrollment;
        this.administrators = administrators;
    }

    /** @param profile the profile asked for, or null (a token's own profile, else {@code server}) */
    IssuedCertificate issue(byte[] csr, String profile, Integer validityDays, HttpServletRequest http) {
        HallmarkPrincipal principal = Callers.principal();
        if (principal != null && principal.bearerToken() != null) {
            return enrollment.enroll(new EnrollmentCredential.Token(null, principal.bearerToken()),
                    new Enrollment(csr, profile, DEFAULT_PROFILE, validityDays, http.getRemoteAddr()));
        }
        return issuance.issue(new IssuanceRequest(csr, validityDays, administrators.issuing(Callers.caller(http),
                profile == null ? DEFAULT_PROFILE : profile)));
    }
}
