package dev.hallmark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hallmark.signing.CaKeyException;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.StandaloneService;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.support.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An installation from before the CA keys moved into the database has them as files in
 * {@code <data-dir>/ca} (root.crt, root.key, issuing.crt, issuing.key, encrypted with the CA
 * password): its next start moves them into the database and serves the same CA, no new one; with a
 * wrong password it stops and writes nothing; files of another CA than the database's stop it.
 */
class CaKeyFilesMigrationTests {

    private static final String PASSWORD = "files-migration-password";

    @Test
    void startWhenTheDataDirectoryHoldsCaKeyFilesThenMovesThemIntoTheDatabaseAndServesThatCa() throws Exception {
        Path dataDir = ServiceTest.newDataDir("files-migration");
        writeCaFiles(dataDir, PASSWORD);
        String rootFile = Files.readString(dataDir.resolve("ca/root.crt"));
        String issuingFile = Files.readString(dataDir.resolve("ca/issuing.crt"));

        try (ConfigurableApplicationContext service = StandaloneService.start(dataDir, PASSWORD)) {
            HallmarkClient client = StandaloneService.client(service, dataDir);
            assertThat(Files.readString(dataDir.resolve("bootstrap/root-ca.pem"))).isEqualTo(rootFile);
            var issued = client.issue(client.admin(), TestCsrs.csr().subject("CN=moved.example").dns("moved.example")
                    .pem(), "profile=server");
            assertThat(issued.statusCode()).isEqualTo(201);
            Files.writeString(dataDir.resolve("leaf.pem"), issued.body());
            Files.writeString(dataDir.resolve("issuing-file.pem"), issuingFile);
            Tools.run(dataDir, "openssl", "verify", "-x509_strict", "-CAfile", "ca/root.crt", "-untrusted",
                    "issuing-file.pem", "leaf.pem").assertSuccess();
        }
        assertThat(caKeyRows(dataDir)).isEqualTo(2);

        // the files are no longer read: a restart without them serves the same CA from the database
        for (String file : new String[] {"root.crt", "root.key", "issuing.crt", "issuing.key"}) {
            Files.delete(dataDir.resolve("ca").resolve(file));
        }
        try (ConfigurableApplicationContext again = StandaloneService.start(dataDir, PASSWORD)) {
            assertThat(Files.readString(dataDir.resolve("bootstrap/root-ca.pem"))).isEqualTo(rootFile);
        }
    }

    @Test
    void startWhenThePasswordDoesNotOpenTheKeyFilesThenStopsAndMovesNothing() throws Exception {
        Path dataDir = ServiceTest.newDataDir("files-migration-wrong-password");
        writeCaFiles(dataDir, PASSWORD);

        Throwable failure = catchThrowable(() -> StandaloneService.start(dataDir, "not-the-password"));

        assertThat(failure).hasRootCauseInstanceOf(CaKeyException.class);
        assertThat(failure).rootCause().hasMessage("cannot decrypt the root CA key in " + dataDir.resolve("ca")
                + ": wrong CA password (HALLMARK_CA_PASSWORD or <data-dir>/ca/password)");
        assertThat(caKeyRows(dataDir)).isZero();
    }

    @Test
    void startWhenTheKeyFilesHoldAnotherCaThanTheDatabaseThenStops() throws Exception {
        Path dataDir = ServiceTest.newDataDir("files-migration-other-ca");
        StandaloneService.start(dataDir, PASSWORD).close();
        writeCaFiles(dataDir, PASSWORD);

        Throwable failure = catchThrowable(() -> StandaloneService.start(dataDir, PASSWORD));

        assertThat(failure).hasRootCauseInstanceOf(CaKeyException.class);
        assertThat(failure).rootCause().hasMessageStartingWith(dataDir.resolve("ca") + " holds the ROOT CA"
                + " 'CN=Files Root' but the database holds another one, 'CN=Hallmark Root CA,O=Hallmark'");
    }

    /** The CA files as earlier versions wrote them (same classes, same encryption). */
    private static void writeCaFiles(Path dataDir, String password) {
        Path caDir = dataDir.resolve("ca");
        CaKeyStore files = new CaKeyStore(SoftwareKeySource.in(caDir,
                CaPassword.resolve(password, caDir.resolve("password"), true), 10_000));
        Instant now = Instant.now();
        files.createRoot(KeyAlgorithm.EC_P256, new X500Name("CN=Files Root"), Duration.ofDays(3650), now);
        files.createIssuing(KeyAlgorithm.EC_P256, new X500Name("CN=Files Issuing"), Duration.ofDays(1825), now,
                PublicationUrls.from(URI.create("http://localhost:8080")));
    }

    private static long caKeyRows(Path dataDir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/hallmark"), "hallmark",
                ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ca_key")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
