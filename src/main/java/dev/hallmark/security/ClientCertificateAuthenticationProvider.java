package dev.hallmark.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Accepts a client certificate that {@link ClientCertificateAuthenticator} accepts (issued by this CA, current,
 * in the store with the same DER, not revoked), as its administrator's role or, for any other certificate of this
 * CA, as the holder of that certificate ({@code ROLE_CERTIFICATE}). A refusal carries the authenticator's reason.
 */
final class ClientCertificateAuthenticationProvider implements AuthenticationProvider {

    private final ClientCertificateAuthenticator authenticator;

    ClientCertificateAuthenticationProvider(ClientCertificateAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var presented = (ClientCertificateAuthenticationToken) authentication;
        ClientCertificateAuthenticator.Result result = authenticator.authenticate(presented.certificate());
        if (result.principal() == null) {
            throw new BadCredentialsException(result.refusal());
        }
        return new HallmarkAuthentication(result.principal());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ClientCertificateAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
