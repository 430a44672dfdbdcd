package dev.hallmark.audit;

import dev.hallmark.storage.AuditChain;
import dev.hallmark.storage.AuditRow;
import java.util.HashMap;
import java.util.Map;

/**
 * Recomputes the hash chain from events handed over in sequence order and names the first one that
 * breaks it: a gap in the sequence (events removed), an event whose previous hash is not its
 * predecessor's hash (reordered, or a predecessor replaced), or an event whose content no longer
 * gives its hash (changed). A removed tail leaves an intact chain; only a checkpoint signed earlier
 * shows it, or a head row that was left as it was ({@link #against}).
 */
public final class AuditChainCheck {

    /** The hashes at the sequences something else vouches for, once the walk has passed them. */
    private final Map<Long, String> marks = new HashMap<>();
    private long events;
    private long lastSequence;
    private String head = AuditChain.GENESIS;
    private String broken;

    /** @param vouched the sequences that {@link #against} will be asked about (a checkpoint's, the head row's) */
    public AuditChainCheck(long... vouched) {
        for (long sequence : vouched) {
            marks.put(sequence, sequence == 0 ? AuditChain.GENESIS : null);
        }
    }

    public void accept(AuditRow row) {
        if (broken != null) {
            return;
        }
        long expected = lastSequence + 1;
        String event = "event #" + row.sequence() + " (id " + row.id() + ")";
        if (row.sequence() < expected) {
            broken = event + " is out of order: its sequence number should be #" + expected + " or more";
        } else if (row.sequence() != expected) {
            broken = (row.sequence() == expected + 1 ? "event #" + expected + " is"
                    : "events #" + expected + " to #" + (row.sequence() - 1) + " are")
                    + " missing: the trail goes from #" + lastSequence + " to " + event;
        } else if (!head.equals(row.previousHash())) {
            broken = event + " is out of order: its previousHash is not the hash of "
                    + (lastSequence == 0 ? "the start of the chain" : "event #" + lastSequence)
                    + " (events were reordered, or the one before it was replaced)";
        } else if (!AuditChain.hash(row).equals(row.hash())) {
            broken = event + " was changed: its content no longer matches its hash";
        } else {
            events++;
            lastSequence = row.sequence();
            head = row.hash();
            if (marks.containsKey(lastSequence)) {
                marks.put(lastSequence, head);
            }
        }
    }

    /** Null while the chain holds, otherwise what broke it first. */
    public String broken() {
        return broken;
    }

    public long events() {
        return events;
    }

    public String head() {
        return head;
    }

    /**
     * What the checked trail lacks against {@code source}, which says the chain had {@code headHash}
     * at {@code sequence}; null when it agrees. Events appended after it are no concern.
     */
    public String against(String source, long sequence, String headHash) {
        if (broken != null) {
            return broken;
        }
        if (sequence > lastSequence) {
            return "the trail ends at event #" + lastSequence + " but " + source + " has #" + sequence + ": "
                    + (sequence == lastSequence + 1 ? "event #" + sequence + " was" : "events #" + (lastSequence + 1)
                    + " to #" + sequence + " were") + " removed from the end";
        }
        if (!headHash.equals(marks.get(sequence))) {
            return "event #" + sequence + " does not have the hash " + source + " has for it: the trail up to it was"
                    + " rewritten";
        }
        return null;
    }
}
