package dev.hallmark.web.rest;

import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.security.HallmarkPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/** Turns a REST issuance call into an issuance request according to how the caller authenticated. */
@Component
class EnrollmentRequests {

    IssuanceRequest request(byte[] csr, String profile, Integer validityDays, HttpServletRequest http) {
        HallmarkPrincipal principal = Callers.principal();
        if (principal != null && principal.bearerToken() != null) {
            throw new IssuanceRefusedException(IssuanceRefusedException.Reason.UNAUTHENTICATED,
                    "enrollment tokens are not accepted by this server");
        }
        return IssuanceRequest.of(csr, profile, validityDays, Callers.actor(http));
    }
}
