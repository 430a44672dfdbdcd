package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.CertificateTemplate;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.support.MigratedDatabase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V13 turns the CA role names of every issuer column into the CAs' issuer NameIDs, on H2 and
 * PostgreSQL, from a database as the versions before it left it: every row is kept and names its
 * CA by the id the code derives from the CA certificate, the counters keep their values, and the
 * stores carry on from there.
 */
class IssuerNameIdMigrationTests {

    private static final byte[] CRL_BYTES = "a stored CRL's bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    private static CertificateAuthorities authorities;
    private static X509CertificateHolder leaf;
    private static long rootId;
    private static long issuingId;

    @BeforeAll
    static void ca() throws Exception {
        PublicationUrls urls = PublicationUrls.from(URI.create("http://localhost:8080"));
        CaKeyStore store = new CaKeyStore(SoftwareKeySource.in(dir.resolve("ca"),
                CaPassword.resolve("unit-test-password", dir.resolve("ca/password"), true), 10_000));
        Instant now = Instant.now();
        store.createRoot(KeyAlgorithm.EC_P256, new X500Name("CN=Migration Root,O=Hallmark"), Duration.ofDays(3650), now);
        store.createIssuing(KeyAlgorithm.EC_P256, new X500Name("CN=Migration Issuing,O=Hallmark"), Duration.ofDays(1825),
                now, urls);
        authorities = store.load();
        CertificateSigner signer = new CertificateSigner(authorities, urls, CertificateLinter.rfc5280());
        Instant start = now.truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.MINUTES);
        leaf = signer.issue(signer.prepare(new CertificateTemplate(IssuerId.ISSUING, SerialNumbers.next(),
                new X500Name("CN=leaf.example"), GeneratedCredential.generate(KeyAlgorithm.EC_P256).publicKeyInfo(),
                start, start.plus(Duration.ofDays(30)), null, KeyUsage.digitalSignature,
                List.of(KeyPurposeId.id_kp_clientAuth), false, null, true)));
        rootId = authorities.nameId(IssuerId.ROOT).value();
        issuingId = authorities.nameId(IssuerId.ISSUING).value();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void migrationWhenTheCaIsInTheDatabaseThenEveryRowNamesItByItsNameIdAndNothingIsLost(String database)
            throws Exception {
        MigratedDatabase db = before(database, "issuer_id_ca_key");
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        for (IssuerId id : IssuerId.values()) {
            jdbc.sql("INSERT INTO ca_key (issuer, certificate, encrypted_key, created_at) VALUES (?, ?, ?, ?)")
                    .params(id.name(), authorities.certificate(id).getEncoded(), "encrypted " + id, now()).update();
        }
        oldRows(jdbc);

        db.migrate();

        assertMigrated(db);
        assertThat(jdbc.sql("SELECT role, issuer_id FROM ca_key").query((rs, n) -> Map.entry(rs.getString(1),
                rs.getLong(2))).list()).containsExactlyInAnyOrder(Map.entry("ROOT", rootId),
                Map.entry("ISSUING", issuingId));
        assertThat(new CaKeyRecords(db.dataSource()).find("ISSUING")).get()
                .satisfies(row -> assertThat(row.encryptedKey()).isEqualTo("encrypted ISSUING"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void migrationWhenTheCaIsStillInKeyFilesThenItsCertificatesNameItAndRecordingItKeepsTheCounters(String database)
            throws Exception {
        MigratedDatabase db = before(database, "issuer_id_key_files");
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        oldRows(jdbc);

        db.migrate();

        assertMigrated(db);
        // the next start moves the key files into ca_key: the counters the migration kept stay
        CaKeyRecords caKeys = new CaKeyRecords(db.dataSource());
        for (IssuerId id : IssuerId.values()) {
            db.transactions().executeWithoutResult(s -> caKeys.insert(new CaKeyRecords.CaKeyRow(
                    authorities.nameId(id).value(), id.name(), encoded(authorities.certificate(id)), null), Instant.now()));
        }
        assertThat(counters(jdbc, "crl_number", "last_number")).containsExactlyInAnyOrderEntriesOf(
                Map.of(rootId, 3L, issuingId, 7L));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void migrationWhenNoCaWasMadeYetThenRecordingTheCaGivesItItsCounters(String database) {
        MigratedDatabase db = before(database, "issuer_id_empty");
        JdbcClient jdbc = JdbcClient.create(db.dataSource());

        db.migrate();

        assertThat(counters(jdbc, "crl_number", "last_number")).isEmpty();
        CaKeyRecords caKeys = new CaKeyRecords(db.dataSource());
        for (IssuerId id : IssuerId.values()) {
            db.transactions().executeWithoutResult(s -> caKeys.insert(new CaKeyRecords.CaKeyRow(
                    authorities.nameId(id).value(), id.name(), encoded(authorities.certificate(id)), null), Instant.now()));
        }
        assertThat(counters(jdbc, "crl_number", "last_number")).containsExactlyInAnyOrderEntriesOf(
                Map.of(rootId, 0L, issuingId, 0L));
        assertThat(counters(jdbc, "revocation_sequence", "last_value")).containsExactlyInAnyOrderEntriesOf(
                Map.of(rootId, 0L, issuingId, 0L));
        assertThat(new RevocationRecords(db.dataSource()).revocationCount(issuingId)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void migrationWhenRowsBelongToACaNoCertificateNamesThenStopsAndChangesNothing(String database) {
        MigratedDatabase db = before(database, "issuer_id_unknown");
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        jdbc.sql("UPDATE crl_number SET last_number = 5 WHERE issuer = 'ISSUING'").update();

        assertThatThrownBy(db::migrate).hasStackTraceContaining("table crl_number has rows of the ISSUING CA, but no"
                + " CA certificate in the database says which CA that is; nothing was changed");

        assertThat(jdbc.sql("SELECT last_number FROM crl_number WHERE issuer = 'ISSUING'").query(Long.class).single())
                .isEqualTo(5);
        // the versions before V13 are applied; V13 is not
        assertThat(jdbc.sql("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '13'"
                + " AND \"success\" = TRUE").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '12'"
                + " AND \"success\" = TRUE").query(Long.class).single()).isOne();
    }

    /** A database of its own at V11, as the versions before V13 left it. */
    private static MigratedDatabase before(String database, String schema) {
        return database.equals("H2") ? MigratedDatabase.h2("11") : MigratedDatabase.postgres(schema, "11");
    }

    /** What those versions wrote: the CA certificates' records, a revoked leaf, CRL numbers, a stored CRL. */
    private static void oldRows(JdbcClient jdbc) throws Exception {
        certificate(jdbc, authorities.certificate(IssuerId.ROOT), "ROOT", "root-ca", "VALID");
        certificate(jdbc, authorities.certificate(IssuerId.ISSUING), "ROOT", "issuing-ca", "VALID");
        certificate(jdbc, leaf, "ISSUING", "client", "REVOKED");
        jdbc.sql("INSERT INTO revoked_certificate (issuer, serial, revoked_at, reason_code, not_after,"
                + " revocation_number) VALUES ('ISSUING', ?, ?, 1, ?, 1)").params(serial(leaf), now(),
                Timestamp.from(leaf.getNotAfter().toInstant())).update();
        jdbc.sql("UPDATE revocation_sequence SET last_value = 1 WHERE issuer = 'ISSUING'").update();
        jdbc.sql("UPDATE crl_number SET last_number = 3 WHERE issuer = 'ROOT'").update();
        jdbc.sql("UPDATE crl_number SET last_number = 7 WHERE issuer = 'ISSUING'").update();
        jdbc.sql("INSERT INTO crl (issuer, crl_number, this_update, next_update, entries, der_size, sha256, covers,"
                + " signed_by, base_number) VALUES ('ISSUING', 7, ?, ?, 1, ?, 'digest', 1, 'node-a', NULL)")
                .params(now(), now(), CRL_BYTES.length).update();
        jdbc.sql("INSERT INTO crl_part (issuer, crl_number, part, bytes) VALUES ('ISSUING', 7, 0, ?)")
                .param(CRL_BYTES).update();
    }

    private static void certificate(JdbcClient jdbc, X509CertificateHolder certificate, String issuer, String profile,
            String status) throws Exception {
        jdbc.sql("INSERT INTO certificate (serial, issuer, subject, sans, profile, requester, not_before, not_after,"
                        + " der, status, created_at) VALUES (?, ?, ?, '', ?, 'system', ?, ?, ?, ?, ?)")
                .params(serial(certificate), issuer, certificate.getSubject().toString(), profile,
                        Timestamp.from(certificate.getNotBefore().toInstant()),
                        Timestamp.from(certificate.getNotAfter().toInstant()), certificate.getEncoded(), status, now())
                .update();
    }

    private static void assertMigrated(MigratedDatabase db) {
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        assertThat(jdbc.sql("SELECT profile, issuer_id FROM certificate").query((rs, n) -> Map.entry(rs.getString(1),
                rs.getLong(2))).list()).containsExactlyInAnyOrder(Map.entry("root-ca", rootId),
                Map.entry("issuing-ca", rootId), Map.entry("client", issuingId));
        assertThat(new RevocationRecords(db.dataSource()).status(serial(leaf))).get()
                .satisfies(status -> assertThat(status.issuerId()).isEqualTo(issuingId));
        assertThat(jdbc.sql("SELECT issuer_id FROM revoked_certificate").query(Long.class).list())
                .containsExactly(issuingId);
        assertThat(counters(jdbc, "crl_number", "last_number")).containsExactlyInAnyOrderEntriesOf(
                Map.of(rootId, 3L, issuingId, 7L));
        CrlRecords crls = new CrlRecords(db.dataSource());
        assertThat(crls.latest(issuingId, false)).get().satisfies(crl -> {
            assertThat(crl.number()).isEqualTo(7);
            assertThat(crl.covers()).isEqualTo(1);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(crls.copyTo(issuingId, 7, CRL_BYTES.length, out)).isTrue();
        assertThat(out.toByteArray()).isEqualTo(CRL_BYTES);

        // the stores carry on: the next revocation is number 2, the CRL number's row is still one per CA
        RevocationRecords revocations = new RevocationRecords(db.dataSource());
        long next = db.transactions().execute(s -> revocations.recordRevocation(issuingId,
                SerialNumbers.next().toString(16).toUpperCase(Locale.ROOT), Instant.now(), 4, Instant.now()));
        assertThat(next).isEqualTo(2);
        long locked = db.transactions().execute(s -> crls.lockNumber(issuingId));
        assertThat(locked).isEqualTo(7);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO crl_number (issuer_id, last_number) VALUES (?, 0)")
                .param(issuingId).update()).isInstanceOf(DuplicateKeyException.class);
    }

    private static Map<Long, Long> counters(JdbcClient jdbc, String table, String column) {
        return jdbc.sql("SELECT issuer_id, " + column + " FROM " + table).query((rs, n) -> Map.entry(rs.getLong(1),
                rs.getLong(2))).list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String serial(X509CertificateHolder certificate) {
        String hex = certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static byte[] encoded(X509CertificateHolder certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }
}
