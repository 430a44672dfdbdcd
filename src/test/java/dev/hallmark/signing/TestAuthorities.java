package dev.hallmark.signing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.asn1.x500.X500Name;

/** A root and issuing CA made in a temporary directory, for unit tests of the signing core. */
final class TestAuthorities {

    private TestAuthorities() {
    }

    static CertificateAuthorities create(Path dir, KeyAlgorithm algorithm) throws Exception {
        Files.createDirectories(dir);
        CaKeyStore store = new CaKeyStore(SoftwareKeySource.in(dir,
                CaPassword.resolve("unit-test-password", dir.resolve("password"), true), 10_000));
        var now = Clock.systemUTC().instant();
        store.createRoot(algorithm, new X500Name("CN=Unit Root,O=Hallmark"), Duration.ofDays(3650), now);
        store.createIssuing(algorithm, new X500Name("CN=Unit Issuing,O=Hallmark"), Duration.ofDays(1825), now,
                PublicationUrls.from(URI.create("http://localhost:8080")));
        return store.load();
    }
}
