package dev.hallmark.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.support.ServiceTest;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service renews its own TLS certificate while running and Tomcat serves the new one, no restart. */
class TlsRenewalTests extends ServiceTest {

    @Autowired
    TlsConfiguration tls;

    @Autowired
    CertificateRepository certificates;

    @Test
    void renewWhenCertificateGoneThenNewCertificateServedOnNextHandshake() throws Exception {
        BigInteger before = servedSerial();
        Files.delete(DATA_DIR.resolve("ca/tls.crt"));

        tls.renewTlsCertificate();

        assertThat(DATA_DIR.resolve("ca/tls.crt")).exists();
        BigInteger after = servedSerial();
        assertThat(after).isNotEqualTo(before);
        assertThat(client().get(client().admin(), "/api/v1/certificates/" + after.toString(16), "application/json")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void renewWhenCertificateCurrentThenNothingIssued() throws Exception {
        BigInteger before = servedSerial();
        long stored = certificates.count();
        tls.renewTlsCertificate();
        assertThat(servedSerial()).isEqualTo(before);
        // the served serial alone would not notice a certificate issued but not (yet) loaded
        assertThat(certificates.count()).isEqualTo(stored);
    }

    private BigInteger servedSerial() throws Exception {
        // a new client, so a new handshake
        var response = client().get(client().anonymous(), "/actuator/health", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }
}
