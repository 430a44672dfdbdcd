package dev.hallmark.enrollment;

import dev.hallmark.admin.Role;
import java.security.cert.X509Certificate;

/** How a device (or an operator on its behalf) proves it may enroll. */
public sealed interface EnrollmentCredential {

    /**
     * An enrollment token: {@code Authorization: Bearer <token>}, or EST's HTTP Basic.
     *
     * @param id the token id given as the Basic user name, or null for a bearer token
     */
    record Token(String id, String token) implements EnrollmentCredential {

        @Override
        public String toString() {
            return "Token[" + id + ", ****]";
        }
    }

    /** An administrator or operator already authenticated by its client certificate of this CA. */
    record Operator(String name, Role role) implements EnrollmentCredential {
    }

    /** A TLS client certificate chain that is not this CA's: acceptable only from a configured bootstrap CA. */
    record BootstrapCertificate(X509Certificate[] chain) implements EnrollmentCredential {
    }
}
