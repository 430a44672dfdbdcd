package dev.hallmark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.storage.AuditRecords;
import dev.hallmark.support.MigratedDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Events recorded through the audit log are chained without anyone reading the trail: just after their commit,
 * by the sweep for events a stopped node left unchained, at stop, and after a restart; a rolled-back event is never
 * chained, and a commit while stopped is not disturbed.
 */
class AuditSequencerTests {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    static Stream<MigratedDatabase> databases() {
        return Stream.of(MigratedDatabase.h2(), MigratedDatabase.postgres("audit_sequencer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordWhenCommittedThenChainedSoonAndWhenRolledBackThenNever(MigratedDatabase db) throws Exception {
        AuditRecords records = new AuditRecords(db.dataSource());
        AuditSequencer sequencer = new AuditSequencer(records, new DataSourceTransactionManager(db.dataSource()));
        AuditLog audit = new AuditLog(null, records, sequencer, Clock.systemUTC());
        sequencer.start();
        try {
            long before = records.head().sequence();
            db.transactions().executeWithoutResult(s -> audit.record(Actor.SYSTEM, "test.one", "a", Outcome.SUCCESS,
                    null));
            db.transactions().executeWithoutResult(s -> {
                audit.record(Actor.SYSTEM, "test.rolled-back", "b", Outcome.SUCCESS, null);
                s.setRollbackOnly();
            });
            awaitChained(records, before + 1);
            assertThat(records.pending()).isZero();
            assertThat(records.head().sequence()).as("the rolled-back event has no place").isEqualTo(before + 1);

            // committed while stopped (a paused test context): the commit stands, and a start chains it
            sequencer.stop();
            db.transactions().executeWithoutResult(s -> audit.record(Actor.SYSTEM, "test.stopped", "e",
                    Outcome.SUCCESS, null));
            sequencer.start();
            awaitChained(records, before + 2);
        } finally {
            sequencer.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void startWhenEventsWereLeftUnchainedThenTheSweepChainsThemAndStopChainsTheRest(MigratedDatabase db)
            throws Exception {
        AuditRecords records = new AuditRecords(db.dataSource());
        AuditSequencer stopped = new AuditSequencer(records, new DataSourceTransactionManager(db.dataSource()));
        AuditLog audit = new AuditLog(null, records, stopped, Clock.systemUTC());
        long before = records.head().sequence();
        for (int i = 0; i < 3; i++) {
            // a node that stopped (or died) between its commits and its pass
            db.transactions().executeWithoutResult(s -> audit.record(Actor.SYSTEM, "test.left", "c", Outcome.SUCCESS,
                    null));
        }
        assertThat(records.pending()).isEqualTo(3);

        AuditSequencer other = new AuditSequencer(records, new DataSourceTransactionManager(db.dataSource()));
        other.start();
        try {
            awaitChained(records, before + 3);
        } finally {
            other.stop();
        }
        db.transactions().executeWithoutResult(s -> audit.record(Actor.SYSTEM, "test.last", "d", Outcome.SUCCESS,
                null));
        stopped.start();
        stopped.stop();
        assertThat(records.pending()).isZero();
        assertThat(records.head().sequence()).isEqualTo(before + 4);
    }

    private static void awaitChained(AuditRecords records, long sequence) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (records.head().sequence() < sequence && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(records.head().sequence()).as("chained within %s, nobody reading", WITHIN).isEqualTo(sequence);
    }
}
