package dev.hallmark.audit;

import dev.hallmark.storage.AuditEvent;
import dev.hallmark.storage.AuditEventRepository;
import dev.hallmark.storage.AuditRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The append-only record of who did what, to what, from where, and how it ended. */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("dev.hallmark.audit");

    /** Events read at a time by an export. */
    private static final int EXPORT_PAGE = 500;

    private final AuditEventRepository events;
    private final AuditRecords records;
    private final AuditSequencer sequencer;
    private final Clock clock;

    public AuditLog(AuditEventRepository events, AuditRecords records, AuditSequencer sequencer, Clock clock) {
        this.events = events;
        this.records = records;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    /** Records in the caller's transaction: the event exists exactly when what it describes does. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, String action, String target, Outcome outcome, String detail) {
        save(actor, action, target, outcome, detail);
    }

    /** Records in a transaction of its own, for refusals and failures whose own work was rolled back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(Actor actor, String action, String target, Outcome outcome, String detail) {
        save(actor, action, target, outcome, detail);
    }

    /**
     * Events newest first, chained up to the call; each argument that is not null filters ({@code after} and
     * {@code before} exclusive). An event committed meanwhile may show without its place in the chain yet.
     */
    public Page<AuditEventView> search(String action, String actor, Instant after, Instant before, int page,
            int size) {
        Specification<AuditEvent> spec = (root, q, cb) -> cb.conjunction();
        if (action != null) {
            spec = spec.and((root, q, cb) -> cb.equal(root.get("action"), action));
        }
        if (actor != null) {
            spec = spec.and((root, q, cb) -> cb.equal(root.get("actor"), actor));
        }
        if (after != null) {
            spec = spec.and((root, q, cb) -> cb.greaterThan(root.get("occurredAt"), after));
        }
        if (before != null) {
            spec = spec.and((root, q, cb) -> cb.lessThan(root.get("occurredAt"), before));
        }
        sequencer.chainCommitted();
        return events.findAll(spec, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id"))).map(e ->
                new AuditEventView(e.id(), e.sequence(), e.occurredAt(), e.actor(), e.action(), e.target(),
                        e.remoteAddress(), e.outcome(), e.detail(), e.previousHash(), e.hash()));
    }

    /**
     * Every event after {@code afterSequence} up to the head as it was when the export began, oldest
     * first, read a page at a time: the trail may be larger than the heap, and the client slow.
     */
    public void export(long afterSequence, Consumer<AuditEventView> each) {
        sequencer.chainCommitted();
        records.forEachInPages(afterSequence, records.head().sequence(), EXPORT_PAGE,
                row -> each.accept(AuditEventView.of(row)));
    }

    private void save(Actor actor, String action, String target, Outcome outcome, String detail) {
        records.append(new AuditEvent(Instant.now(clock), actor.name(), action, target, actor.remoteAddress(),
                outcome.name(), detail));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sequencer.committed();
            }
        });
        log.info("audit actor={} action={} target={} from={} outcome={} detail={}", actor.name(), action, target,
                actor.remoteAddress(), outcome, detail);
    }
}
