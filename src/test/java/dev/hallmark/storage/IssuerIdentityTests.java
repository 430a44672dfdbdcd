package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.Revocations;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.Tools;
import java.nio.file.Path;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database names each CA by Boulder's issuer NameID: the first 7 bytes of the SHA-1 of the
 * CA's subject name (DER). openssl computes the same hash independently: the issuerNameHash of an
 * OCSP request is the SHA-1 of the issuer's name, so its first 14 hex digits are the stored id.
 */
class IssuerIdentityTests extends ServiceTest {

    @Autowired
    DataSource dataSource;

    @BeforeAll
    static void openssl() {
        Tools.require("openssl");
    }

    @Test
    void issueWhenSignedThenEveryRowNamesTheCaByTheTruncatedSha1OfItsSubjectAsOpensslHashesIt() throws Exception {
        Revocations revocations = new Revocations(client(), DATA_DIR.resolve("issuer-identity"));
        Revocations.Issued leaf = revocations.issue("issuer-id.example", "server", "issuer-id.example");
        revocations.revoke(leaf.serial(), "superseded");
        Path dir = revocations.dir();
        long issuing = nameIdByOpenssl(dir, "issuing.pem", leaf.certFile().toString());
        long root = nameIdByOpenssl(dir, "root.pem", "issuing.pem");
        JdbcClient jdbc = JdbcClient.create(dataSource);

        assertThat(jdbc.sql("SELECT issuer_id FROM ca_key WHERE role = 'ISSUING'").query(Long.class).single())
                .isEqualTo(issuing);
        assertThat(jdbc.sql("SELECT issuer_id FROM ca_key WHERE role = 'ROOT'").query(Long.class).single())
                .isEqualTo(root);
        assertThat(jdbc.sql("SELECT issuer_id FROM certificate WHERE serial = ?").param(leaf.serial())
                .query(Long.class).single()).isEqualTo(issuing);
        assertThat(jdbc.sql("SELECT issuer_id FROM revoked_certificate WHERE serial = ?").param(leaf.serial())
                .query(Long.class).single()).isEqualTo(issuing);
        assertThat(jdbc.sql("SELECT DISTINCT issuer_id FROM certificate WHERE profile IN ('root-ca', 'issuing-ca')")
                .query(Long.class).list()).containsExactly(root);
        assertThat(jdbc.sql("SELECT issuer_id FROM revocation_sequence ORDER BY issuer_id").query(Long.class).list())
                .containsExactlyInAnyOrder(root, issuing);
        assertThat(jdbc.sql("SELECT issuer_id FROM crl_number").query(Long.class).list())
                .containsExactlyInAnyOrder(root, issuing);
    }

    /** The first 7 bytes of the issuerNameHash in openssl's OCSP request for {@code cert} under {@code issuer}. */
    private static long nameIdByOpenssl(Path dir, String issuer, String cert) {
        String request = "ocsp-" + issuer + ".der";
        Tools.run(dir, "openssl", "ocsp", "-issuer", issuer, "-sha1", "-cert", cert, "-no_nonce", "-reqout", request)
                .assertSuccess();
        String text = Tools.run(dir, "openssl", "ocsp", "-reqin", request, "-req_text").assertSuccess().stdout();
        String hash = Revocations.find(text, "Issuer Name Hash: ([0-9A-Fa-f]+)");
        assertThat(hash).hasSize(40);
        return Long.parseLong(hash.substring(0, 14).toLowerCase(Locale.ROOT), 16);
    }
}
