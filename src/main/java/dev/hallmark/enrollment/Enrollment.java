package dev.hallmark.enrollment;

/**
 * One enrollment as a front end hands it over.
 *
 * @param csr the PKCS#10 request, PEM or DER
 * @param profile the profile asked for (EST label, REST query), or null
 * @param defaultProfile the front end's profile when none is asked for and the credential names none
 * @param validityDays requested lifetime, or null for the profile's default
 */
public record Enrollment(byte[] csr, String profile, String defaultProfile, Integer validityDays,
        String remoteAddress) {
}
