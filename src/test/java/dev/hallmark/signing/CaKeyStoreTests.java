package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaKeyStoreTests {

    static final String PASSWORD = "ca-password";
    static final X500Name ROOT = new X500Name("CN=Hallmark Test Root CA");
    static final X500Name ISSUING = new X500Name("CN=Hallmark Test Issuing CA");
    static final PublicationUrls URLS = PublicationUrls.from(URI.create("http://ca.example:8080/"));

    @TempDir
    Path dir;

    /** A root and issuing CA in {@code dir}, keys under {@link #PASSWORD} with few KDF iterations. */
    static CaKeyStore newCa(Path dir, KeyAlgorithm algorithm) {
        CaKeyStore store = store(dir, PASSWORD);
        Instant now = Instant.now();
        store.createRoot(algorithm, ROOT, Duration.ofDays(3650), now);
        store.createIssuing(algorithm, ISSUING, Duration.ofDays(1825), now, URLS);
        return store;
    }

    static CaKeyStore store(Path dir, String password) {
        return new CaKeyStore(
                SoftwareKeySource.in(dir, CaPassword.resolve(password, dir.resolve("password"), true), 10_000));
    }

    @Test
    void loadWhenCreatedThenRootSignsIssuingWhichIsAPathLenZeroCa() throws Exception {
        CertificateAuthorities cas = newCa(dir, KeyAlgorithm.EC_P256).load();
        X509CertificateHolder root = cas.certificate(IssuerId.ROOT);
        X509CertificateHolder issuing = cas.certificate(IssuerId.ISSUING);
        assertThat(root.getSubject()).isEqualTo(ROOT);
        assertThat(root.getIssuer()).isEqualTo(ROOT);
        assertThat(issuing.getIssuer()).isEqualTo(ROOT);
        BasicConstraints bc = BasicConstraints.fromExtensions(issuing.getExtensions());
        assertThat(bc.isCA()).isTrue();
        assertThat(bc.getPathLenConstraint()).isZero();
        assertThat(KeyUsage.fromExtensions(issuing.getExtensions()).hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign)).isTrue();
        assertThat(issuing.getNotAfter()).isBeforeOrEqualTo(root.getNotAfter());
        cas.jcaCertificate(IssuerId.ISSUING).verify(cas.jcaCertificate(IssuerId.ROOT).getPublicKey());
        assertThat(cas.chain()).containsExactly(issuing, root);
    }

    @Test
    void loadWhenLoadedAgainThenSameRoot() {
        newCa(dir, KeyAlgorithm.EC_P384);
        X509CertificateHolder first = store(dir, PASSWORD).load().certificate(IssuerId.ROOT);
        X509CertificateHolder second = store(dir, PASSWORD).load().certificate(IssuerId.ROOT);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void createIssuingWhenAskedToOutliveTheRootThenEndsWithTheRoot() {
        CaKeyStore store = store(dir, PASSWORD);
        Instant now = Instant.now();
        store.createRoot(KeyAlgorithm.EC_P256, ROOT, Duration.ofDays(30), now);
        store.createIssuing(KeyAlgorithm.EC_P256, ISSUING, Duration.ofDays(365), now, URLS);
        CertificateAuthorities cas = store.load();
        assertThat(cas.certificate(IssuerId.ISSUING).getNotAfter()).isEqualTo(cas.certificate(IssuerId.ROOT).getNotAfter());
    }

    @Test
    void createRootWhenRsaThenLoads() {
        CertificateAuthorities cas = newCa(dir, KeyAlgorithm.RSA_2048).load();
        assertThat(cas.jcaCertificate(IssuerId.ROOT).getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
    }

    @Test
    void createRootWhenARootExistsThenRefusesAndKeepsIt() throws Exception {
        newCa(dir, KeyAlgorithm.EC_P256);
        Map<String, String> before = fingerprints(dir);
        assertThatThrownBy(() -> store(dir, PASSWORD).createRoot(KeyAlgorithm.EC_P256, ROOT, Duration.ofDays(1), Instant.now()))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("a root CA already exists in " + dir);
        assertThat(fingerprints(dir)).isEqualTo(before);
    }

    @Test
    void createWhenWrittenThenKeysAre0600AndCertificates0644() throws Exception {
        newCa(dir, KeyAlgorithm.EC_P256);
        for (String key : new String[] {"root.key", "issuing.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).isEqualTo("rw-------");
            assertThat(Files.readString(dir.resolve(key))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        }
        for (String cert : new String[] {"root.crt", "issuing.crt"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(cert)))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void loadWhenPasswordIsWrongThenRefusesWithOneClearLineAndChangesNothing() throws Exception {
        newCa(dir, KeyAlgorithm.EC_P256);
        Map<String, String> before = fingerprints(dir);
        assertThatThrownBy(() -> store(dir, "not-the-password").load())
                .isInstanceOf(CaKeyException.class)
                .hasMessage("cannot decrypt the root CA key in " + dir
                        + ": wrong CA password (HALLMARK_CA_PASSWORD or <data-dir>/ca/password)");
        assertThat(fingerprints(dir)).isEqualTo(before);
    }

    @Test
    void loadWhenIssuingWasSignedByAnotherRootThenRefuses() throws Exception {
        newCa(dir, KeyAlgorithm.EC_P256);
        Path other = Files.createDirectory(dir.resolve("other"));
        newCa(other, KeyAlgorithm.EC_P256);
        Files.copy(other.resolve("issuing.crt"), dir.resolve("issuing.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve("issuing.key"), dir.resolve("issuing.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> store(dir, PASSWORD).load())
                .isInstanceOf(CaKeyException.class)
                .hasMessage("the issuing CA was not signed by the root CA in " + dir);
    }

    @Test
    void loadWhenAKeyWasSwappedThenRefusesNamingTheCertificate() throws Exception {
        newCa(dir, KeyAlgorithm.EC_P256);
        Files.copy(dir.resolve("issuing.key"), dir.resolve("root.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> store(dir, PASSWORD).load())
                .isInstanceOf(CaKeyException.class)
                .hasMessage("the private key does not match the certificate CN=Hallmark Test Root CA");
    }

    @Test
    void encryptedKeyWhenReadByOpensslWithThePasswordThenSameKey() throws Exception {
        newCa(dir, KeyAlgorithm.EC_P256);
        var result = Tools.run(dir, "openssl", "pkey", "-in", "root.key", "-passin", "pass:" + PASSWORD, "-pubout").assertSuccess();
        X509CertificateHolder root = store(dir, PASSWORD).load().certificate(IssuerId.ROOT);
        String expected = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(root.getSubjectPublicKeyInfo().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThat(result.stdout()).isEqualTo(expected);
        assertThat(Tools.run(dir, "openssl", "pkey", "-in", "root.key", "-passin", "pass:wrong", "-noout").exitCode())
                .isNotZero();
    }

    @Test
    void importRootWhenSelfSignedCaWithItsKeyThenLoadsAsRoot() {
        Path source = dir.resolve("source");
        CertificateAuthorities existing = newCa(source, KeyAlgorithm.EC_P256).load();
        Path target = dir.resolve("target");
        CaKeyStore store = store(target, PASSWORD);
        store.importRoot(existing.certificate(IssuerId.ROOT), existing.issuer(IssuerId.ROOT).key().privateKey());
        assertThat(store.hasRoot()).isTrue();
        assertThat(store.hasIssuing()).isFalse();
        store.createIssuing(KeyAlgorithm.EC_P256, ISSUING, Duration.ofDays(30), Instant.now(), URLS);
        assertThat(store.load().certificate(IssuerId.ROOT)).isEqualTo(existing.certificate(IssuerId.ROOT));
    }

    @Test
    void importRootWhenCertificateIsNotACaThenRefusesAndWritesNothing() throws Exception {
        CertificateAuthorities cas = newCa(dir.resolve("source"), KeyAlgorithm.EC_P256).load();
        java.security.KeyPair keys = KeyAlgorithm.EC_P256.generate();
        X509CertificateHolder leaf = CertificateSignerTests.issue(cas, CertificateSignerTests.spki(keys));
        Path target = dir.resolve("target");
        assertThatThrownBy(() -> store(target, PASSWORD).importRoot(leaf, keys.getPrivate()))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("certificate CN=leaf.example is not a CA certificate (basicConstraints cA is not true)");
        assertThat(target).doesNotExist();
    }

    @Test
    void importRootWhenKeyDoesNotMatchThenRefusesAndWritesNothing() {
        CertificateAuthorities cas = newCa(dir.resolve("source"), KeyAlgorithm.EC_P256).load();
        Path target = dir.resolve("target");
        assertThatThrownBy(() -> store(target, PASSWORD).importRoot(cas.certificate(IssuerId.ROOT),
                cas.issuer(IssuerId.ISSUING).key().privateKey()))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("the private key does not match the certificate CN=Hallmark Test Root CA");
        assertThat(target).doesNotExist();
    }

    @Test
    void importRootWhenCertificateIsNotSelfSignedThenRefuses() {
        CertificateAuthorities cas = newCa(dir.resolve("source"), KeyAlgorithm.EC_P256).load();
        Path target = dir.resolve("target");
        assertThatThrownBy(() -> store(target, PASSWORD).importRoot(cas.certificate(IssuerId.ISSUING),
                cas.issuer(IssuerId.ISSUING).key().privateKey()))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("certificate CN=Hallmark Test Issuing CA is not self-signed; import a root CA");
        assertThat(target).doesNotExist();
    }

    @Test
    void importRootWhenARootExistsThenRefuses() {
        CertificateAuthorities cas = newCa(dir, KeyAlgorithm.EC_P256).load();
        assertThatThrownBy(() -> store(dir, PASSWORD).importRoot(cas.certificate(IssuerId.ROOT),
                cas.issuer(IssuerId.ROOT).key().privateKey()))
                .isInstanceOf(CaKeyException.class)
                .hasMessage("the data directory already holds a CA in " + dir + "; import into an empty one");
    }

    @Test
    void holdsRootWhenOnlyAfterARootKeyIsWrittenThenTrue() {
        assertThat(new CaKeyFiles(dir).holdsRoot()).isFalse();
        newCa(dir, KeyAlgorithm.EC_P256);
        assertThat(new CaKeyFiles(dir).holdsRoot()).isTrue();
    }

    /** SHA-256 of every regular file, by name, to show that nothing changed. */
    static Map<String, String> fingerprints(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
