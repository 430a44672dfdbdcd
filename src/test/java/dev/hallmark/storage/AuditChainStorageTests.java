package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.audit.AuditChainCheck;
import dev.hallmark.support.DocumentedAuditHash;
import dev.hallmark.support.MigratedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail's hash chain in the store, on H2 and PostgreSQL: events appended and chained from many threads
 * at once (as by the chaining threads of several nodes) get consecutive sequence numbers and one chain, the hash
 * is the documented encoding, and the migration chains the events written before it; the trail read in keyset
 * pages is the trail read at once.
 */
class AuditChainStorageTests {

    static Stream<MigratedDatabase> databases() {
        return Stream.of(MigratedDatabase.h2(), MigratedDatabase.postgres("audit_chain_storage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void appendWhenManyThreadsAtOnceThenSequenceHasNoGapAndOneChain(MigratedDatabase db) throws Exception {
        AuditRecords records = new AuditRecords(db.dataSource());
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        int n = i;
                        db.transactions().executeWithoutResult(s -> records.append(event("thread-" + thread, n)));
                        // small batches: passes that meet, and pending events of other threads' commits
                        db.transactions().executeWithoutResult(s -> records.chainPending(3));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        chainAll(records, db.transactions());
        assertThat(records.pending()).isZero();
        AuditChainCheck check = walk(records, db.transactions());
        assertThat(check.broken()).isNull();
        assertThat(check.events()).isEqualTo(threads * each);
        assertThat(records.head()).isEqualTo(new AuditRecords.Head(threads * each, check.head()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void hashWhenRecomputedFromTheDocumentedEncodingThenMatches(MigratedDatabase db) {
        AuditRecords records = new AuditRecords(db.dataSource());
        AuditRecords.Head before = records.head();
        Instant at = Instant.parse("2026-12-02T10:15:30.123456789Z");
        db.transactions().executeWithoutResult(s -> records.append(new AuditEvent(at, "admin:ä", "certificate.issue",
                "t".repeat(300), null, "SUCCESS", "profile=server")));
        assertThat(records.pending()).isEqualTo(1);
        chainAll(records, db.transactions());
        List<AuditRow> rows = new ArrayList<>();
        db.transactions().executeWithoutResult(s -> records.forEachInOrder(before.sequence(), rows::add));
        AuditRow row = rows.get(0);

        assertThat(row.occurredAt()).isEqualTo(Instant.parse("2026-12-02T10:15:30.123456Z"));
        assertThat(row.target()).hasSize(256).endsWith("...");
        String expected = DocumentedAuditHash.of(before.hash(), Long.toString(before.sequence() + 1),
                "2026-12-02T10:15:30.123456Z", "admin:ä", "certificate.issue", "t".repeat(253) + "...", null, "SUCCESS",
                "profile=server");
        assertThat(row.sequence()).isEqualTo(before.sequence() + 1);
        assertThat(row.previousHash()).isEqualTo(before.hash());
        assertThat(row.hash()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationWhenEventsWereWrittenBeforeThenChainsThemInTheirOrder(MigratedDatabase db) throws Exception {
        // a database of its own at a version before the chain (V10), with events in it
        MigratedDatabase old = db.name().equals("H2") ? MigratedDatabase.h2("6")
                : MigratedDatabase.postgres("audit_chain_migration", "6");
        DataSource before = old.dataSource();
        try (Connection c = before.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO audit_event (occurred_at, actor, action, target, remote_address, outcome, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 1203; i++) {
                insert.setObject(1, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, i * 1000, ZoneOffset.UTC));
                insert.setString(2, "system");
                insert.setString(3, "ca.record");
                insert.setString(4, "serial-" + i);
                insert.setString(5, i % 2 == 0 ? null : "192.0.2.1");
                insert.setString(6, "SUCCESS");
                insert.setString(7, i % 3 == 0 ? null : "detail " + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        old.migrate();

        AuditRecords records = new AuditRecords(before);
        TransactionTemplate transactions = old.transactions();
        AuditChainCheck check = walk(records, transactions);
        assertThat(check.broken()).isNull();
        assertThat(check.events()).isEqualTo(1203);
        assertThat(records.head()).isEqualTo(new AuditRecords.Head(1203, check.head()));
        List<AuditRow> first = new ArrayList<>();
        transactions.executeWithoutResult(s -> records.forEachInOrder(0, r -> {
            if (r.sequence() <= 2) {
                first.add(r);
            }
        }));
        assertThat(first).extracting(AuditRow::target).containsExactly("serial-0", "serial-1");
        assertThat(first.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);

        transactions.executeWithoutResult(s -> records.append(event("after-migration", 0)));
        chainAll(records, transactions);
        assertThat(walk(records, transactions).events()).isEqualTo(1204);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void forEachInPagesWhenSeveralPagesThenEveryEventOnceInOrderUpToTheGivenHead(MigratedDatabase db) {
        AuditRecords records = new AuditRecords(db.dataSource());
        long from = records.head().sequence();
        for (int i = 0; i < 23; i++) {
            int n = i;
            db.transactions().executeWithoutResult(s -> records.append(event("paged", n)));
        }
        chainAll(records, db.transactions());
        long upTo = records.head().sequence();
        db.transactions().executeWithoutResult(s -> records.append(event("after-the-head", 0)));
        chainAll(records, db.transactions());
        List<AuditRow> inOrder = new ArrayList<>();
        db.transactions().executeWithoutResult(s -> records.forEachInOrder(from, inOrder::add));

        for (int pageSize : new int[] {1, 4, 23, 500}) {
            List<AuditRow> paged = new ArrayList<>();
            records.forEachInPages(from, upTo, pageSize, paged::add);
            assertThat(paged).as("pages of %s", pageSize).isEqualTo(inOrder.subList(0, 23));
        }
        assertThat(inOrder.get(23).actor()).isEqualTo("after-the-head");
    }

    private static void chainAll(AuditRecords records, TransactionTemplate transactions) {
        while (transactions.execute(s -> records.chainPending(100)) > 0) {
            // until nothing is left
        }
    }

    private static AuditChainCheck walk(AuditRecords records, TransactionTemplate transactions) {
        AuditChainCheck check = new AuditChainCheck();
        transactions.executeWithoutResult(s -> records.forEachInOrder(0, check::accept));
        return check;
    }

    private static AuditEvent event(String actor, int n) {
        return new AuditEvent(Instant.now(), actor, "test.append", "n-" + n, "192.0.2.7", "SUCCESS", "detail " + n);
    }
}
