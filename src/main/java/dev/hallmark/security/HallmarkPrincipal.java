package dev.hallmark.security;

import dev.hallmark.admin.Role;

/**
 * Who is calling, as established from the TLS client certificate or a bearer token.
 *
 * @param name for audit: {@code admin:<name>}, {@code cert:<serial>} or {@code token}
 * @param role the administrator role, or null for a certificate that is not an administrator's
 * @param certificateSerial the client certificate's serial, or null
 * @param bearerToken the presented enrollment token, or null; checked and spent by issuance, not here
 */
public record HallmarkPrincipal(String name, Role role, String certificateSerial, String bearerToken) {

    @Override
    public String toString() {
        return name;
    }
}
