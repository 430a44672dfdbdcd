package dev.hallmark.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.issuance.Serials;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The client-certificate converter and provider on their own, with the service's real certificate check. */
class ClientCertificateCredentialTests extends ServiceTest {

    @Autowired
    ClientCertificateAuthenticator authenticator;

    private final ClientCertificateAuthenticationConverter converter = new ClientCertificateAuthenticationConverter();

    @Test
    void convertWhenNoCertificateThenNoCredential() {
        assertThat(converter.convert(new MockHttpServletRequest())).isNull();
        MockHttpServletRequest empty = new MockHttpServletRequest();
        empty.setAttribute(ClientCertificateAuthenticationConverter.CERTIFICATES, new X509Certificate[0]);
        assertThat(converter.convert(empty)).isNull();
    }

    @Test
    void convertWhenChainPresentedThenLeafNotYetAuthenticated() throws Exception {
        X509Certificate admin = bootstrapAdmin();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(ClientCertificateAuthenticationConverter.CERTIFICATES,
                new X509Certificate[] {admin, client().root()});
        var token = (ClientCertificateAuthenticationToken) converter.convert(request);
        assertThat(token.certificate()).isEqualTo(admin);
        assertThat(token.isAuthenticated()).isFalse();
    }

    @Test
    void authenticateWhenAdministratorCertificateThenItsRole() throws Exception {
        Authentication result = provider().authenticate(new ClientCertificateAuthenticationToken(bootstrapAdmin()));
        assertThat(result.isAuthenticated()).isTrue();
        assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(((HallmarkPrincipal) result.getPrincipal()).name()).isEqualTo("admin:admin");
    }

    @Test
    void authenticateWhenOtherCertificateOfThisCaThenCertificateHolder() throws Exception {
        TestCsrs csr = TestCsrs.csr().subject("CN=holder-1").dns("holder-1.example");
        var issued = client().issue(client().admin(), csr.pem(), "profile=client");
        assertThat(issued.statusCode()).isEqualTo(201);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(issued.body().getBytes(StandardCharsets.US_ASCII)));

        Authentication result = provider().authenticate(new ClientCertificateAuthenticationToken(certificate));

        assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_CERTIFICATE");
        HallmarkPrincipal principal = (HallmarkPrincipal) result.getPrincipal();
        assertThat(principal.role()).isNull();
        assertThat(principal.certificateSerial()).isEqualTo(Serials.hex(certificate.getSerialNumber()));
    }

    @Test
    void authenticateWhenCertificateOfAnotherCaWithThisCasNameThenRefusedSayingWhy() throws Exception {
        KeyPair caKeys = TestCsrs.ecKey("secp256r1");
        Instant now = Instant.now();
        X509Certificate forged = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=Hallmark Issuing CA,O=Hallmark"), BigInteger.TEN, Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=admin,O=Hallmark administrators"),
                TestCsrs.ecKey("secp256r1").getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));

        assertThatThrownBy(() -> provider().authenticate(new ClientCertificateAuthenticationToken(forged)))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessage("the client certificate is not valid for this CA (SignatureException)");
    }

    @Test
    void supportsWhenOtherTokenTypeThenFalse() {
        assertThat(provider().supports(ClientCertificateAuthenticationToken.class)).isTrue();
        assertThat(provider().supports(BearerTokenAuthenticationToken.class)).isFalse();
    }

    private ClientCertificateAuthenticationProvider provider() {
        return new ClientCertificateAuthenticationProvider(authenticator);
    }

    private X509Certificate bootstrapAdmin() throws Exception {
        try (InputStream in = Files.newInputStream(client().bootstrap("admin.crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
