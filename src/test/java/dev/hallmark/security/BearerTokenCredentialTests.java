package dev.hallmark.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The bearer-token converter and provider on their own. */
class BearerTokenCredentialTests {

    private final BearerTokenAuthenticationConverter converter = new BearerTokenAuthenticationConverter();
    private final BearerTokenAuthenticationProvider provider = new BearerTokenAuthenticationProvider();

    @Test
    void convertWhenBearerHeaderThenTokenWithoutSchemeOrSpaces() {
        var token = (BearerTokenAuthenticationToken) converter.convert(request("Bearer  abc.def "));
        assertThat(token.token()).isEqualTo("abc.def");
        assertThat(token.isAuthenticated()).isFalse();
        assertThat(token.getPrincipal()).isEqualTo("token");
    }

    @Test
    void convertWhenSchemeInOtherCaseThenToken() {
        var token = (BearerTokenAuthenticationToken) converter.convert(request("bEARER abc.def"));
        assertThat(token.token()).isEqualTo("abc.def");
    }

    @Test
    void convertWhenNoAuthorizationOrOtherSchemeThenNoCredential() {
        assertThat(converter.convert(new MockHttpServletRequest())).isNull();
        assertThat(converter.convert(request("Basic aWQ6c2VjcmV0"))).isNull();
        assertThat(converter.convert(request("Bearer"))).isNull();
    }

    @Test
    void authenticateWhenTokenThenEnrolleeHoldingIt() {
        Authentication result = provider.authenticate(new BearerTokenAuthenticationToken("abc.def"));
        assertThat(result.isAuthenticated()).isTrue();
        assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ENROLLEE");
        HallmarkPrincipal principal = (HallmarkPrincipal) result.getPrincipal();
        assertThat(principal.name()).isEqualTo("token");
        assertThat(principal.bearerToken()).isEqualTo("abc.def");
        assertThat(principal.role()).isNull();
        assertThat(principal.certificateSerial()).isNull();
    }

    @Test
    void supportsWhenOtherTokenTypeThenFalse() {
        assertThat(provider.supports(BearerTokenAuthenticationToken.class)).isTrue();
        assertThat(provider.supports(ClientCertificateAuthenticationToken.class)).isFalse();
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", authorization);
        return request;
    }
}
