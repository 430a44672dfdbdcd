package dev.hallmark.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** An {@code Authorization: Bearer} token as presented; for Hallmark, an enrollment token. */
final class BearerTokenAuthenticationToken extends AbstractAuthenticationToken {

    private final String token;

    BearerTokenAuthenticationToken(String token) {
        super(AuthorityUtils.NO_AUTHORITIES);
        this.token = token;
        setAuthenticated(false);
    }

    String token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    /** Not the token: principals end up in logs. */
    @Override
    public Object getPrincipal() {
        return "token";
    }
}
