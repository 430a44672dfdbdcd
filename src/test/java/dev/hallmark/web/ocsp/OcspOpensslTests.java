package dev.hallmark.web.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Tools;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** openssl as the OCSP client: it checks the responder's signature and delegation against the root. */
class OcspOpensslTests extends ServiceTest {

    private Revocations revocations;

    @BeforeEach
    void setUp() {
        revocations = new Revocations(client(), DATA_DIR.resolve("test-ocsp-openssl"));
    }

    @Test
    void postWhenCertificateGoodThenOpensslVerifiesGoodWithNonce() {
        var leaf = revocations.issue("good-nonce.example", "server", "good-nonce.example");

        Tools.Result result = ocsp(leaf.certFile(), "-nonce");

        assertThat(result.stdout()).contains(leaf.certFile() + ": good");
        assertThat(result.stderr()).contains("Response verify OK").doesNotContain("WARNING: no nonce");
        assertThat(result.stdout()).contains("This Update:", "Next Update:");
    }

    @Test
    void postWhenNoNonceThenGoodAndTheSamePreSignedAnswerTwice() throws Exception {
        var leaf = revocations.issue("good-cached.example", "server", "good-cached.example");

        Tools.Result first = ocsp(leaf.certFile(), "-no_nonce", "-respout", "first.der");
        Tools.Result second = ocsp(leaf.certFile(), "-no_nonce", "-respout", "second.der");

        assertThat(first.stdout()).contains(leaf.certFile() + ": good");
        assertThat(first.stderr()).contains("Response verify OK");
        assertThat(second.stdout()).contains(leaf.certFile() + ": good");
        assertThat(Files.readAllBytes(revocations.dir().resolve("second.der")))
                .isEqualTo(Files.readAllBytes(revocations.dir().resolve("first.der")));
    }

    @Test
    void postWhenRevokedThenOpensslReportsRevokedAtOnceWithTimeAndReason() {
        var leaf = revocations.issue("revoked.example", "server", "revoked.example");
        assertThat(ocsp(leaf.certFile(), "-no_nonce").stdout()).contains(": good"); // now cached as good

        revocations.revoke(leaf.serial(), "keyCompromise");

        Tools.Result withoutNonce = ocsp(leaf.certFile(), "-no_nonce");
        Tools.Result withNonce = ocsp(leaf.certFile(), "-nonce");
        for (Tools.Result r : new Tools.Result[] {withoutNonce, withNonce}) {
            assertThat(r.stdout()).contains(leaf.certFile() + ": revoked", "Reason: keyCompromise", "Revocation Time:");
            assertThat(r.stderr()).contains("Response verify OK");
        }
    }

    @Test
    void postWhenSerialNeverIssuedThenUnknown() {
        revocations.issue("unknown-helper.example", "server", "unknown-helper.example"); // writes issuing.pem

        Tools.Result result = Tools.run(revocations.dir(), "openssl", "ocsp", "-issuer", "issuing.pem", "-serial",
                "0x4242424242424242424242424242", "-url", client().http("/ocsp").toString(), "-CAfile", "root.pem",
                "-verify_other", "issuing.pem").assertSuccess();

        assertThat(result.stdout()).contains("0x4242424242424242424242424242: unknown");
        assertThat(result.stderr()).contains("Response verify OK");
    }

    @Test
    void getWhenRequestFromOpensslThenGoodThenRevokedVerifiedByOpenssl() throws Exception {
        var leaf = revocations.issue("get.example", "server", "get.example");
        Path dir = revocations.dir();
        for (String nonce : new String[] {"-no_nonce", "-nonce"}) {
            Tools.run(dir, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", leaf.certFile().toString(), nonce,
                    "-reqout", "get-req.der").assertSuccess();
            assertThat(get(dir.resolve("get-req.der"), dir.resolve("get-resp.der"))).isEqualTo(200);
            // -no_nonce: otherwise openssl adds a nonce of its own to the request it read before comparing
            Tools.Result good = Tools.run(dir, "openssl", "ocsp", "-no_nonce", "-reqin", "get-req.der", "-respin",
                    "get-resp.der",
                    "-issuer", "issuing.pem", "-cert", leaf.certFile().toString(), "-CAfile", "root.pem",
                    "-verify_other", "issuing.pem").assertSuccess();
            assertThat(good.stdout()).contains(": good");
            assertThat(good.stderr()).contains("Response verify OK").doesNotContain("WARNING");
        }

        revocations.revoke(leaf.serial(), "superseded");

        Tools.run(dir, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", leaf.certFile().toString(), "-no_nonce",
                "-reqout", "get-req.der").assertSuccess();
        get(dir.resolve("get-req.der"), dir.resolve("get-resp.der"));
        Tools.Result revoked = Tools.run(dir, "openssl", "ocsp", "-respin", "get-resp.der", "-issuer", "issuing.pem",
                "-cert", leaf.certFile().toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem")
                .assertSuccess();
        assertThat(revoked.stdout()).contains(": revoked", "Reason: superseded");
        assertThat(revoked.stderr()).contains("Response verify OK");
    }

    private int get(Path request, Path response) throws Exception {
        String base64 = Base64.getEncoder().encodeToString(Files.readAllBytes(request));
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(client().http("/ocsp/" + base64)).GET()
                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        Files.write(response, answer.body());
        return answer.statusCode();
    }

    private Tools.Result ocsp(Path cert, String... extra) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "ocsp", "-issuer",
                "issuing.pem", "-cert", cert.toString(), "-url", client().http("/ocsp").toString(), "-CAfile", "root.pem",
                "-verify_other", "issuing.pem", "-resp_text"));
        command.addAll(java.util.List.of(extra));
        return Tools.run(revocations.dir(), command.toArray(String[]::new)).assertSuccess();
    }
}
