package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Pkcs12s;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Shell;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal with the current certificate as the TLS client certificate: what a cron job with curl
 * does to rotate a device's certificate before it expires.
 */
class RenewalTests extends ServiceTest {

    @TempDir
    Path dir;

    @Test
    void renewWhenCurlWithCurrentCertificateThenSameNamesNewKeyAndOldStillValid() {
        Tokens.Token token = Tokens.create(client(), "{\"profile\":\"device\",\"commonName\":\"meter-1\","
                + "\"sans\":[\"meter-1.example\",\"10.0.0.7\"]}");
        var result = Shell.run(dir, """
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout cur.key -subj /CN=meter-1 \\
                  -addext subjectAltName=DNS:meter-1.example,IP:10.0.0.7 -out cur.csr 2>/dev/null
                curl -sS --fail-with-body --cacert ROOT -H "Authorization: Bearer TOKEN" --data-binary @cur.csr \\
                  URL/api/v1/certificates -o cur.crt
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout new.key -subj /CN=meter-1 \\
                  -addext subjectAltName=DNS:meter-1.example,IP:10.0.0.7 -out new.csr 2>/dev/null
                curl -sS --fail-with-body --cacert ROOT --cert cur.crt --key cur.key --data-binary @new.csr \\
                  URL/api/v1/certificates/renew -o new.crt -w '%{http_code}\\n'
                openssl x509 -in cur.crt -noout -serial
                openssl x509 -in new.crt -noout -serial -subject -ext subjectAltName
                openssl verify -CAfile CHAIN new.crt
                openssl x509 -in new.crt -noout -pubkey > new.pub
                openssl pkey -in new.key -pubout > key.pub
                cmp new.pub key.pub && echo new-key
                """.replace("ROOT", client().bootstrap("root-ca.pem").toString())
                .replace("CHAIN", client().bootstrap("ca-chain.pem").toString()).replace("TOKEN", token.token())
                .replace("URL", "https://localhost:" + httpsPort)).assertSuccess();
        String[] lines = result.stdout().strip().split("\n");
        assertThat(lines[0]).isEqualTo("201");
        String oldSerial = lines[1].substring("serial=".length());
        String newSerial = lines[2].substring("serial=".length());
        assertThat(newSerial).isNotEqualTo(oldSerial);
        assertThat(result.stdout()).contains("subject=CN = meter-1").contains("DNS:meter-1.example, IP Address:10.0.0.7")
                .contains("new.crt: OK").contains("new-key");

        HallmarkClient c = client();
        var old = Json.parse(c.get(c.admin(), "/api/v1/certificates/" + oldSerial, "application/json").body());
        assertThat(old.get("status").asText()).isEqualTo("valid");
        var renewed = Json.parse(c.get(c.admin(), "/api/v1/certificates/" + newSerial, "application/json").body());
        assertThat(renewed.get("profile").asText()).isEqualTo("device");
        var audit = c.get(c.admin(), "/api/v1/audit-events?action=certificate.renew", "application/json");
        assertThat(audit.body()).contains(newSerial).contains("renews " + oldSerial);
    }

    @Test
    void renewWhenSubjectOrSansChangeThen403AndNothingIssued() {
        Device device = device("meter-2", "meter-2.example");
        long before = certificatesMatching("meter-");
        var otherSubject = renew(device.client(), TestCsrs.csr().subject("CN=meter-3").dns("meter-2.example").pem());
        assertThat(otherSubject.statusCode()).isEqualTo(403);
        assertThat(Json.parse(otherSubject.body()).get("detail").asText())
                .isEqualTo("a renewal keeps the subject: the CSR asks for 'CN=meter-3' but the current certificate is "
                        + "'CN=meter-2'");
        var moreNames = renew(device.client(), TestCsrs.csr().subject("CN=meter-2").dns("meter-2.example", "x.example")
                .pem());
        assertThat(moreNames.statusCode()).isEqualTo(403);
        assertThat(Json.parse(moreNames.body()).get("type").asText()).isEqualTo("urn:hallmark:problem:out-of-bounds");
        // counted before and after: the body of an unchecked list call "not containing meter-3" could not fail
        assertThat(certificatesMatching("meter-")).isEqualTo(before);
    }

    private long certificatesMatching(String text) {
        HallmarkClient c = client();
        var list = c.get(c.admin(), "/api/v1/certificates?q=" + text, "application/json");
        assertThat(list.statusCode()).isEqualTo(200);
        return Json.parse(list.body()).get("totalItems").asLong();
    }

    @Test
    void renewWhenCertificateRevokedThen401() {
        Device device = device("meter-4", "meter-4.example");
        HallmarkClient c = client();
        assertThat(c.postJson(c.admin(), "/api/v1/certificates/" + device.serial() + "/revoke",
                "{\"reason\":\"keyCompromise\"}").statusCode()).isEqualTo(200);
        var response = renew(device.client(), TestCsrs.csr().subject("CN=meter-4").dns("meter-4.example").pem());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.parse(response.body()).get("detail").asText()).isEqualTo("the client certificate has been revoked");
    }

    @Test
    void renewWhenNoClientCertificateThen401AndAdministratorThen403() {
        String csr = TestCsrs.csr().subject("CN=admin").pem();
        assertThat(renew(client().anonymous(), csr).statusCode()).isEqualTo(401);
        assertThat(renew(client().admin(), csr).statusCode()).isEqualTo(403);
    }

    private record Device(HttpClient client, String serial) {
    }

    /** A device certificate issued with a token, and a client presenting it. */
    private Device device(String commonName, String dns) {
        Tokens.Token token = Tokens.create(client(), "{\"profile\":\"device\",\"commonName\":\"" + commonName
                + "\",\"sans\":[\"" + dns + "\"]}");
        TestCsrs csr = TestCsrs.csr().subject("CN=" + commonName).dns(dns);
        HallmarkClient c = client();
        var response = HallmarkClient.send(c.anonymous(), HttpRequest.newBuilder(c.https("/api/v1/certificates"))
                .header("Content-Type", "application/pkcs10").header("Authorization", "Bearer " + token.token())
                .POST(HttpRequest.BodyPublishers.ofString(csr.pem())).build());
        assertThat(response.statusCode()).isEqualTo(201);
        X509Certificate leaf = (X509Certificate) certificates(response.body()).iterator().next();
        return new Device(c.withPkcs12(Pkcs12s.of(csr.keys(), response.body()), Pkcs12s.PASSWORD),
                dev.hallmark.issuance.Serials.hex(leaf.getSerialNumber()));
    }

    private HttpResponse<String> renew(HttpClient http, String csrPem) {
        return HallmarkClient.send(http, HttpRequest.newBuilder(client().https("/api/v1/certificates/renew"))
                .header("Content-Type", "application/pkcs10").POST(HttpRequest.BodyPublishers.ofString(csrPem)).build());
    }

    private static Collection<? extends java.security.cert.Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
