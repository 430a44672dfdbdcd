package dev.hallmark.bench;

import dev.hallmark.crypto.CryptoProviders;
import dev.hallmark.lint.CrlLinter;
import dev.hallmark.revocation.CrlPublisher;
import dev.hallmark.revocation.CrlSettings;
import dev.hallmark.revocation.PublishedCrl;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CrlSigner;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.Pem;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SerialNumbers;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.storage.RevocationRecords;
import java.io.BufferedWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import org.bouncycastle.asn1.x500.X500Name;
import org.flywaydb.core.Flyway;

/**
 * CRL generation at scale, outside the service but through its own classes (RevocationRecords
 * paging H2, CrlPublisher, CrlSigner's streaming writer), beside {@code openssl ca -gencrl} on the
 * same entries. Run by bench/revocation.sh:
 * <pre>
 *   prepare DIR N        H2 database with N revoked certificates, the same entries as DIR/index.txt, a CA
 *   generate DIR RUNS    signs the issuing CA's CRL RUNS times; prints timings and peak RSS (VmHWM)
 *   insert DB_FILE N     adds N revoked certificates to a stopped service's database
 * </pre>
 */
public final class CrlGenerationBenchmark {

    private static final String[] REASONS = {"unspecified", "keyCompromise", "affiliationChanged", "superseded",
        "cessationOfOperation"};

    /** The issuing CA's id, from the database the rows go into. */
    private static final String ISSUING_ID = "(SELECT issuer_id FROM ca_key WHERE role = 'ISSUING')";

    private CrlGenerationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CryptoProviders.install(); // as HallmarkApplication does first: key files are read with Bouncy Castle's PBES2
        switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), Integer.parseInt(args[2]));
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]));
            case "insert" -> insert("jdbc:h2:file:" + args[1], Integer.parseInt(args[2]), null);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void prepare(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db/hallmark");
        Flyway.configure().dataSource(url, "hallmark", "").locations("classpath:db/migration").load().migrate();
        CaKeyStore store = caStore(dir);
        if (!store.hasRoot()) {
            Instant now = Instant.now();
            store.createRoot(KeyAlgorithm.EC_P256, new X500Name("CN=Bench Root"), Duration.ofDays(3650), now);
            store.createIssuing(KeyAlgorithm.EC_P256, new X500Name("CN=Bench Issuing"), Duration.ofDays(1825), now,
                    PublicationUrls.from(URI.create("http://localhost:8080")));
            // as bootstrap records the CA (its certificates; the keys stay in the files here)
            var caKeys = new dev.hallmark.storage.CaKeyRecords(
                    new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "hallmark", ""));
            CertificateAuthorities authorities = store.load();
            for (IssuerId id : IssuerId.values()) {
                caKeys.insert(new dev.hallmark.storage.CaKeyRecords.CaKeyRow(authorities.nameId(id).value(), id.name(),
                        authorities.certificate(id).getEncoded(), null), now);
            }
        }
        insert(url, count, dir.resolve("index.txt"));
        System.out.println("prepared " + count + " revoked certificates in " + dir);
    }

    /** Inserts revoked rows in batches; writes the same entries as an openssl ca index when asked. */
    private static void insert(String url, int count, Path index) throws Exception {
        Random random = new Random(count);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DateTimeFormatter openssl = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(url, "hallmark", "");
             BufferedWriter out = index == null ? null : Files.newBufferedWriter(index)) {
            c.setAutoCommit(false);
            PreparedStatement insert = c.prepareStatement("INSERT INTO certificate (serial, issuer_id, subject, sans, profile,"
                    + " requester, not_before, not_after, status, revoked_at, revocation_reason, created_at)"
                    + " VALUES (?, " + ISSUING_ID + ", ?, '', 'client', 'bench', ?, ?, 'REVOKED', ?, ?, ?)");
            // as RevocationService does: the certificate's status and the CRL's own row
            PreparedStatement revoked = c.prepareStatement("INSERT INTO revoked_certificate (issuer_id, serial,"
                    + " revoked_at, reason_code, not_after, revocation_number) VALUES (" + ISSUING_ID + ", ?, ?, ?, ?,"
                    + " (SELECT last_value FROM revocation_sequence WHERE issuer_id = " + ISSUING_ID + ") + ?)");
            for (int i = 0; i < count; i++) {
                String serial = SerialNumbers.next().toString(16).toUpperCase(Locale.ROOT);
                Instant notAfter = now.plus(30 + random.nextInt(300), ChronoUnit.DAYS);
                Instant revokedAt = now.minusSeconds(random.nextInt(10_000_000));
                String reason = REASONS[random.nextInt(REASONS.length)];
                insert.setString(1, serial);
                insert.setString(2, "CN=revoked-" + i);
                insert.setObject(3, java.time.OffsetDateTime.ofInstant(now.minus(400, ChronoUnit.DAYS), ZoneOffset.UTC));
                insert.setObject(4, java.time.OffsetDateTime.ofInstant(notAfter, ZoneOffset.UTC));
                insert.setObject(5, java.time.OffsetDateTime.ofInstant(revokedAt, ZoneOffset.UTC));
                insert.setString(6, reason);
                insert.setObject(7, java.time.OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.addBatch();
                revoked.setString(1, serial);
                revoked.setObject(2, java.time.OffsetDateTime.ofInstant(revokedAt, ZoneOffset.UTC));
                revoked.setInt(3, dev.hallmark.revocation.RevocationReason.named(reason).orElseThrow().code());
                revoked.setObject(4, java.time.OffsetDateTime.ofInstant(notAfter, ZoneOffset.UTC));
                revoked.setLong(5, i % 10_000 + 1);
                revoked.addBatch();
                if (out != null) {
                    out.write("R\t" + openssl.format(notAfter) + "\t" + openssl.format(revokedAt)
                            + ("unspecified".equals(reason) ? "" : "," + reason) + "\t" + serial + "\tunknown\t/CN=revoked-"
                            + i + "\n");
                }
                if (i % 10_000 == 9_999) {
                    insert.executeBatch();
                    revoked.executeBatch();
                    numbered(c, 10_000);
                    c.commit();
                }
            }
            insert.executeBatch();
            revoked.executeBatch();
            numbered(c, count % 10_000);
            c.commit();
        }
    }

    /** As RevocationRecords numbers revocations: the batch just inserted took the next {@code rows} numbers. */
    private static void numbered(Connection c, int rows) throws java.sql.SQLException {
        try (var s = c.createStatement()) {
            s.executeUpdate("UPDATE revocation_sequence SET last_value = last_value + " + rows
                    + " WHERE issuer_id = " + ISSUING_ID);
        }
    }

    private static void generate(Path dir, int runs) throws Exception {
        // one open connection, as the service's pool keeps: an embedded H2 database closes (and is
        // re-opened, at great cost) whenever its last connection closes
        var dataSource = new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db/hallmark"), "hallmark", "", true);
        CertificateAuthorities authorities = caStore(dir).load();
        Files.writeString(dir.resolve("bench-issuing.pem"), Pem.certificates(List.of(authorities.certificate(IssuerId.ISSUING))));
        var background = Executors.newSingleThreadScheduledExecutor();
        Duration regenerateInterval = Duration.ofHours(1);
        // each run moves the publisher's clock one regenerate interval on, so the schedule's own
        // regenerateIfDue signs both CRLs every run, as it does in the service; the last run is now
        Instant start = Instant.now().minus(regenerateInterval.multipliedBy(runs));
        java.util.concurrent.atomic.AtomicInteger passed = new java.util.concurrent.atomic.AtomicInteger();
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return start.plus(regenerateInterval.multipliedBy(passed.get()));
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        CrlPublisher publisher = new CrlPublisher(new CrlSigner(authorities, CrlLinter.rfc5280(),
                        PublicationUrls.from(URI.create("http://localhost:8080"))),
                new RevocationRecords(dataSource), new dev.hallmark.storage.CrlRecords(dataSource),
                new org.springframework.transaction.support.TransactionTemplate(
                        new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource)),
                new CrlSettings(dir.resolve("crl"), Duration.ofHours(24), regenerateInterval, Duration.ofMillis(200),
                        20_000, "bench", 0), clock, background, event -> { });
        if (Boolean.getBoolean("bench.queryOnly")) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                long n = new RevocationRecords(dataSource).forEachRevoked(authorities.nameId(IssuerId.ISSUING).value(), true, Instant.now(), 5000,
                        r -> { });
                System.out.printf("query only: %d rows in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
            }
        }
        for (int run = 1; run <= runs; run++) {
            passed.incrementAndGet();
            long started = System.nanoTime();
            publisher.regenerateIfDue(); // root and issuing; the root's is empty and takes about a millisecond
            long millis = (System.nanoTime() - started) / 1_000_000;
            PublishedCrl crl = publisher.issuingCrl();
            System.out.printf("run=%d entries=%d bytes=%d ms=%d heapUsedMB=%d%n", run, crl.entries(), crl.derSize(),
                    millis, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            Files.copy(crl.der(), dir.resolve("hallmark.crl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        background.shutdownNow();
        System.out.println("peakRssKB=" + Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: ? kB").replaceAll("\\D", ""));
    }

    private static CaKeyStore caStore(Path dir) {
        Path ca = dir.toAbsolutePath().resolve("ca");
        return new CaKeyStore(
                SoftwareKeySource.in(ca, CaPassword.resolve("bench-password", ca.resolve("password"), true), 10_000));
    }
}
