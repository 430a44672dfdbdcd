package dev.hallmark.web.rest;

import jakarta.validation.constraints.NotBlank;

/**
 * JSON form of an issuance request.
 *
 * @param csr the PKCS#10 request as PEM
 * @param profile the profile name; {@code server} when omitted
 * @param validityDays the lifetime in days; the profile's default when omitted
 */
public record IssueCertificateRequest(@NotBlank String csr, String profile, Integer validityDays) {
}
