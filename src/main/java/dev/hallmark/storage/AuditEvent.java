package dev.hallmark.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One line of the append-only audit trail; there is no update or delete. Written by {@link AuditRecords},
 * which gives it its place in the hash chain; read here.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant occurredAt;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String action;

    private String target;

    private String remoteAddress;

    @Column(nullable = false)
    private String outcome;

    @Column(length = 2000)
    private String detail;

    @Column(name = "sequence_number")
    private Long sequence;

    private String previousHash;

    private String hash;

    protected AuditEvent() {
    }

    public AuditEvent(Instant occurredAt, String actor, String action, String target, String remoteAddress,
            String outcome, String detail) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.remoteAddress = remoteAddress;
        this.outcome = outcome;
        this.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
    }

    public Long id() { return id; }
    public Instant occurredAt() { return occurredAt; }
    public String actor() { return actor; }
    public String action() { return action; }
    public String target() { return target; }
    public String remoteAddress() { return remoteAddress; }
    public String outcome() { return outcome; }
    public String detail() { return detail; }
    public Long sequence() { return sequence; }
    public String previousHash() { return previousHash; }
    public String hash() { return hash; }
}
