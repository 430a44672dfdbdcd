package dev.hallmark.audit;

import dev.hallmark.signing.CmsSigner;
import dev.hallmark.storage.AuditCheckpointRecords;
import dev.hallmark.storage.AuditCheckpointRecords.CheckpointRow;
import dev.hallmark.storage.AuditRecords;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the audit trail's head (docs/operations.md, "Audit integrity"): at an interval and on an
 * administrator's demand, the issuing CA signs "event N had hash H at time T" ({@link CheckpointStatement}),
 * which is stored and logged whole, so that a copy kept outside the database (the log, a file) shows a
 * trail later cut short or rewritten. The checkpoint covers every event committed before it was asked for (they
 * are chained first); an administrator's checkpoint is then audited itself, as the next event.
 */
public final class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger("dev.hallmark.audit");

    private final AuditRecords trail;
    private final AuditSequencer sequencer;
    private final AuditCheckpointRecords checkpoints;
    private final CmsSigner signer;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public AuditCheckpoints(AuditRecords trail, AuditSequencer sequencer, AuditCheckpointRecords checkpoints,
            CmsSigner signer, AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.trail = trail;
        this.sequencer = sequencer;
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A checkpoint an administrator asked for, audited as {@code audit.checkpoint}. */
    public AuditCheckpointView create(Actor actor) {
        sequencer.chainCommitted();
        return transactions.execute(status -> {
            CheckpointRow row = sign(actor);
            audit.record(actor, "audit.checkpoint", "#" + row.sequence(), Outcome.SUCCESS,
                    "checkpoint=" + row.id() + " head=" + row.headHash());
            return AuditCheckpointView.of(row);
        });
    }

    /** The scheduled checkpoint: none when nothing was appended since the last one. */
    public Optional<AuditCheckpointView> createIfAppended() {
        sequencer.chainCommitted();
        return transactions.execute(status -> {
            long head = trail.head().sequence();
            Optional<CheckpointRow> latest = checkpoints.latest();
            if (latest.isPresent() && latest.get().sequence() >= head) {
                return Optional.<AuditCheckpointView>empty();
            }
            return Optional.of(AuditCheckpointView.of(sign(Actor.SYSTEM)));
        });
    }

    public List<AuditCheckpointView> list(int page, int size) {
        return checkpoints.page(page, size).stream().map(AuditCheckpointView::of).toList();
    }

    public long count() {
        return checkpoints.count();
    }

    private CheckpointRow sign(Actor actor) {
        AuditRecords.Head head = trail.head();
        // seconds: the precision of the CMS signing time, so that the statement and the signature agree
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
        byte[] signed = signer.sign(CheckpointStatement.of(head.sequence(), head.hash(), now).encoded(), now);
        CheckpointRow row = checkpoints.insert(head.sequence(), head.hash(), now, actor.name(), signed);
        log.info("audit checkpoint id={} sequence={} head={} by={} cms={}", row.id(), row.sequence(), row.headHash(),
                actor.name(), Base64.getEncoder().encodeToString(signed));
        return row;
    }
}
