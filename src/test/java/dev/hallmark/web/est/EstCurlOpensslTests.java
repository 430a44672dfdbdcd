package dev.hallmark.web.est;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Shell;
import dev.hallmark.support.Tokens;
import dev.hallmark.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EST with nothing but curl and openssl, as RFC 7030's appendix A does it: a base64 PKCS#10 posted
 * with curl, the certs-only answer read with {@code openssl base64 -d | openssl pkcs7 -print_certs}.
 */
class EstCurlOpensslTests extends ServiceTest {

    @TempDir
    Path dir;

    @Test
    void cacertsWhenCurlThenOpensslPrintsIssuingCaAndRoot() {
        var result = sh("curl -sS --cacert ROOT BASE/cacerts -D headers.txt -o cacerts.b64\n"
                + "openssl base64 -d -in cacerts.b64 | openssl pkcs7 -inform DER -print_certs -noout");
        assertThat(result.stdout()).contains("subject=CN = Hallmark Issuing CA, O = Hallmark")
                .contains("subject=CN = Hallmark Root CA, O = Hallmark");
        assertThat(read("headers.txt")).containsIgnoringCase("Content-Type: application/pkcs7-mime")
                .containsIgnoringCase("Content-Transfer-Encoding: base64");
        assertThat(read("cacerts.b64")).contains("\r\n");
    }

    @Test
    void simpleEnrollWhenCurlWithTokenThenCertificateVerifiesAgainstChain() {
        Tokens.Token token = Tokens.device(client(), "curl-device-1");
        var result = sh(enroll(token, "curl-device-1", "device") + """
                openssl verify -CAfile CHAIN device.crt
                openssl x509 -in device.crt -noout -subject -ext extendedKeyUsage
                """);
        assertThat(result.stdout()).contains("device.crt: OK").contains("subject=CN = curl-device-1")
                .contains("TLS Web Client Authentication");
        assertThat(read("headers.txt")).containsIgnoringCase("Content-Type: application/pkcs7-mime;smime-type=certs-only")
                .containsIgnoringCase("Content-Transfer-Encoding: base64");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("used");
    }

    @Test
    void simpleEnrollWhenCurlsDefaultFormContentTypeThenCsrReadAsSent() {
        Tokens.Token token = Tokens.device(client(), "curl-form-1");
        // no Content-Type: curl labels the base64 CSR application/x-www-form-urlencoded; its '+', '/' and '='
        // would not survive being read as form fields
        var result = sh(csr("req", "curl-form-1") + """
                curl -sS --cacert ROOT -u ID:TOKEN --data-binary @req.b64 BASE/simpleenroll -D out.headers \
                  -o out.p7.b64 -w '%{http_code}\n'
                openssl base64 -d -in out.p7.b64 | openssl pkcs7 -inform DER -print_certs -out out.crt
                openssl x509 -in out.crt -noout -subject
                """.replace("ID", token.id()).replace("TOKEN", token.token()));
        assertThat(result.stdout()).startsWith("200").contains("subject=CN = curl-form-1");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("used");
    }

    @Test
    void simpleEnrollWhenTokenUsedTwiceThen401AndOneCertificate() {
        Tokens.Token token = Tokens.device(client(), "curl-device-2");
        sh(enroll(token, "curl-device-2", "device"));
        var second = sh(csr("again", "curl-device-2") + post("-u " + token.id() + ":" + token.token(), "again.b64",
                "simpleenroll"));
        assertThat(second.stdout()).startsWith("401").contains("enrollment token " + token.id() + " has already been used");
        assertThat(read("out.headers")).containsIgnoringCase("WWW-Authenticate: Basic realm=\"hallmark-est\"");
        assertThat(certificatesNamed("curl-device-2")).isEqualTo(1);
    }

    @Test
    void simpleEnrollWhenCsrOutsideTokenBoundsThen403AndTokenUnspent() {
        Tokens.Token token = Tokens.device(client(), "allowed-device");
        var result = sh(csr("req", "someone-else") + post("-u " + token.id() + ":" + token.token(), "req.b64",
                "simpleenroll"));
        assertThat(result.stdout()).startsWith("403")
                .contains("common name 'someone-else' is not the one this credential allows ('allowed-device')");
        assertThat(read("out.headers")).containsIgnoringCase("Content-Type: text/plain");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("unused");
        assertThat(certificatesNamed("someone-else")).isZero();
    }

    @Test
    void simpleEnrollWhenWrongPasswordThen401WithChallenge() {
        Tokens.Token token = Tokens.device(client(), "curl-device-3");
        var result = sh(csr("req", "curl-device-3") + post("-u " + token.id() + ":" + token.id() + ".wrong", "req.b64",
                "simpleenroll"));
        assertThat(result.stdout()).startsWith("401").contains("the enrollment token is not valid");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("unused");
    }

    @Test
    void simpleEnrollWhenNoCredentialsThen401ChallengeWithEmptyBody() {
        var result = sh(csr("req", "anon-device") + post("", "req.b64", "simpleenroll"));
        assertThat(result.stdout()).isEqualTo("401 ");
        assertThat(read("out.headers")).containsIgnoringCase("WWW-Authenticate: Basic realm=\"hallmark-est\"")
                .containsIgnoringCase("Content-Length: 0");
    }

    @Test
    void simpleEnrollWhenBodyIsNotACsrThen400TextPlain() {
        Tokens.Token token = Tokens.device(client(), "curl-device-4");
        var result = sh("printf 'bm90IGEgY3Ny\\r\\n' > junk.b64\n" + post("-u " + token.id() + ":" + token.token(),
                "junk.b64", "simpleenroll"));
        assertThat(result.stdout()).startsWith("400").contains("not a PKCS#10 certificate request");
        assertThat(read("out.headers")).containsIgnoringCase("Content-Type: text/plain");
        assertThat(Tokens.state(client(), token.id())).isEqualTo("unused");
    }

    @Test
    void simpleEnrollWhenLabelNamesAnotherProfileThanTheTokenThen403() {
        Tokens.Token token = Tokens.device(client(), "curl-device-5");
        var result = sh(csr("req", "curl-device-5") + post("-u " + token.id() + ":" + token.token(), "req.b64",
                "client/simpleenroll"));
        assertThat(result.stdout()).startsWith("403").contains("is for profile 'device', not 'client'");
        var unknown = sh(post("-u " + token.id() + ":" + token.token(), "req.b64", "nosuchlabel/simpleenroll"));
        assertThat(unknown.stdout()).startsWith("404").contains("no EST label 'nosuchlabel'");
    }

    @Test
    void estWhenRefusedBeforeTheControllerThenPlainTextNotProblemJson() {
        var tooLarge = sh("head -c 100000 /dev/zero | base64 > big.b64\n" + post("", "big.b64", "simpleenroll")
                + "grep -i '^content-type' out.headers\n");
        assertThat(tooLarge.stdout()).startsWith("413").contains("the request body exceeds the limit of")
                .containsIgnoringCase("content-type: text/plain").doesNotContain("problem");
        var unknown = sh("curl -sS --cacert ROOT BASE/nosuchoperation -D out.headers -o out.body -w '%{http_code} '\n"
                + "cat out.body\ngrep -i '^content-type' out.headers\n");
        assertThat(unknown.stdout()).startsWith("404").containsIgnoringCase("content-type: text/plain")
                .doesNotContain("problem");
    }

    @Test
    void simpleReenrollWhenCurrentCertificateThenSameSubjectNewSerial() {
        Tokens.Token token = Tokens.device(client(), "curl-device-6");
        var result = sh(enroll(token, "curl-device-6", "device") + csr("renew", "curl-device-6") + """
                curl -sS --cacert ROOT --cert device.crt --key device.key -H 'Content-Type: application/pkcs10' \\
                  -H 'Content-Transfer-Encoding: base64' --data-binary @renew.b64 BASE/simplereenroll -o renewed.p7.b64
                openssl base64 -d -in renewed.p7.b64 | openssl pkcs7 -inform DER -print_certs -out renewed.crt
                openssl x509 -in device.crt -noout -serial
                openssl x509 -in renewed.crt -noout -serial -subject
                openssl x509 -in renewed.crt -noout -pubkey > renewed.pub
                openssl pkey -in renew.key -pubout > renew.pub
                cmp renewed.pub renew.pub && echo same-key-as-csr
                """);
        String[] lines = result.stdout().strip().split("\n");
        assertThat(lines[0]).startsWith("serial=");
        assertThat(lines[1]).startsWith("serial=").isNotEqualTo(lines[0]);
        assertThat(result.stdout()).contains("subject=CN = curl-device-6").contains("same-key-as-csr");
    }

    @Test
    void simpleReenrollWhenCertificateRevokedThen403AndNothingIssued() {
        Tokens.Token token = Tokens.device(client(), "curl-device-7");
        String serial = sh(enroll(token, "curl-device-7", "device") + "openssl x509 -in device.crt -noout -serial")
                .stdout().strip().substring("serial=".length());
        HallmarkClient c = client();
        var revoked = c.postJson(c.admin(), "/api/v1/certificates/" + serial + "/revoke", "{\"reason\":\"keyCompromise\"}");
        assertThat(revoked.statusCode()).isEqualTo(200);

        var result = sh(csr("renew", "curl-device-7") + post("--cert device.crt --key device.key", "renew.b64",
                "simplereenroll"));
        assertThat(result.stdout()).startsWith("403").contains("the client certificate has been revoked");
        assertThat(certificatesNamed("curl-device-7")).isEqualTo(1);
    }

    @Test
    void serverKeygenWhenCurlThenMultipartWithKeyAndCertificate() {
        Tokens.Token token = Tokens.device(client(), "curl-keygen-1");
        sh(csr("req", "curl-keygen-1") + """
                curl -sS --cacert ROOT -u ID:TOKEN -H 'Content-Type: application/pkcs10' \\
                  -H 'Content-Transfer-Encoding: base64' --data-binary @req.b64 BASE/serverkeygen -D headers.txt -o multipart.txt
                """.replace("ID", token.id()).replace("TOKEN", token.token()));
        String headers = read("headers.txt");
        assertThat(headers).containsIgnoringCase("Content-Type: multipart/mixed;boundary=");
        String body = read("multipart.txt");
        assertThat(body).contains("Content-Type: application/pkcs8\r\nContent-Transfer-Encoding: base64\r\n")
                .contains("Content-Type: application/pkcs7-mime;smime-type=certs-only\r\n");
        String[] parts = body.split("\r\n\r\n");
        String key = parts[1].substring(0, parts[1].indexOf("\r\n--"));
        String cert = parts[2].substring(0, parts[2].indexOf("\r\n--"));
        write("key.b64", key + "\n");
        write("cert.b64", cert + "\n");
        var result = sh("""
                openssl base64 -d -in key.b64 | openssl pkey -inform DER -pubout > key.pub
                openssl base64 -d -in cert.b64 | openssl pkcs7 -inform DER -print_certs -out cert.pem
                openssl x509 -in cert.pem -noout -pubkey > cert.pub
                cmp key.pub cert.pub && echo key-matches-certificate
                openssl x509 -in cert.pem -noout -subject
                """);
        assertThat(result.stdout()).contains("key-matches-certificate").contains("subject=CN = curl-keygen-1");
    }

    /** Makes key {@code name.key} and base64 CSR {@code name.b64} for the common name. */
    private static String csr(String name, String commonName) {
        return "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name + ".key -subj /CN="
                + commonName + " -outform DER -out " + name + ".der 2>/dev/null\n"
                + "openssl base64 -in " + name + ".der -out " + name + ".b64\n";
    }

    /** Enrolls {@code device.key} / {@code device.crt} with the token. */
    private static String enroll(Tokens.Token token, String commonName, String label) {
        return csr("device", commonName) + """
                curl -sS --fail-with-body --cacert ROOT -u ID:TOKEN -H 'Content-Type: application/pkcs10' \\
                  -H 'Content-Transfer-Encoding: base64' --data-binary @device.b64 BASE/LABEL/simpleenroll \\
                  -D headers.txt -o device.p7.b64
                openssl base64 -d -in device.p7.b64 | openssl pkcs7 -inform DER -print_certs -out device.crt
                """.replace("ID", token.id()).replace("TOKEN", token.token()).replace("LABEL", label);
    }

    /** Posts a file and prints the status code, a space and the body. */
    private static String post(String credentials, String file, String path) {
        return "curl -sS --cacert ROOT " + credentials + " -H 'Content-Type: application/pkcs10'"
                + " -H 'Content-Transfer-Encoding: base64' --data-binary @" + file + " BASE/" + path
                + " -D out.headers -o out.body -w '%{http_code} '\ncat out.body\n";
    }

    private Tools.Result sh(String script) {
        var result = Shell.run(dir, script.replace("ROOT", client().bootstrap("root-ca.pem").toString())
                .replace("CHAIN", client().bootstrap("ca-chain.pem").toString())
                .replace("BASE", "https://localhost:" + httpsPort + "/.well-known/est"));
        return result.assertSuccess();
    }

    private long certificatesNamed(String commonName) {
        HallmarkClient c = client();
        var response = c.get(c.admin(), "/api/v1/certificates?q=" + commonName, "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body()).get("totalItems").asLong();
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
