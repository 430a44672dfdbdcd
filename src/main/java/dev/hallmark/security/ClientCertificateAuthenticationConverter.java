package dev.hallmark.security;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the TLS client certificate the handshake accepted (its chain leads to a CA the HTTPS connector trusts:
 * this CA or an EST bootstrap CA). No certificate: no credential of this kind.
 */
final class ClientCertificateAuthenticationConverter implements AuthenticationConverter {

    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    @Override
    public Authentication convert(HttpServletRequest request) {
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute(CERTIFICATES);
        return chain == null || chain.length == 0 ? null : new ClientCertificateAuthenticationToken(chain[0]);
    }
}
