package dev.hallmark.security;

import java.security.cert.X509Certificate;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** A TLS client certificate as presented, not yet checked. */
final class ClientCertificateAuthenticationToken extends AbstractAuthenticationToken {

    private final X509Certificate certificate;

    ClientCertificateAuthenticationToken(X509Certificate certificate) {
        super(AuthorityUtils.NO_AUTHORITIES);
        this.certificate = certificate;
        setAuthenticated(false);
    }

    X509Certificate certificate() {
        return certificate;
    }

    @Override
    public Object getCredentials() {
        return certificate;
    }

    @Override
    public Object getPrincipal() {
        return certificate.getSubjectX500Principal();
    }
}
