package dev.hallmark.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Admits the bearer of an enrollment token as an enrollee ({@code ROLE_ENROLLEE}), which may only ask for a
 * certificate. The token itself is judged later, by issuance, in the transaction that spends it: that is what
 * makes a token good for exactly one certificate however many requests race with it, and what puts every refusal
 * of a token in the audit trail. Checking it here as well would only add a second, racy look-up.
 */
final class BearerTokenAuthenticationProvider implements AuthenticationProvider {

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).token();
        return new HallmarkAuthentication(new HallmarkPrincipal("token", null, null, token));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
