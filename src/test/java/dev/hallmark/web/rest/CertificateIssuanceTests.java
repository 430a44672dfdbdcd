package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class CertificateIssuanceTests extends ServiceTest {

    @Test
    void issueWhenAdminPostsPemCsrThenAnswersChainWithLocation() throws Exception {
        HallmarkClient c = client();
        var response = c.issue(c.admin(), TestCsrs.csr().subject("CN=web.example").dns("web.example").pem(),
                "profile=server&validityDays=30");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/certificates/"));
        var certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.US_ASCII)));
        assertThat(certs).hasSize(2);
        X509Certificate leaf = (X509Certificate) certs.iterator().next();
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=web.example");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    }
}
