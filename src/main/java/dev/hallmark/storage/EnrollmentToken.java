package dev.hallmark.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A one-time enrollment token: what it may be spent on (profile, name patterns), until when, and
 * whether it was spent or revoked. Only the SHA-256 of the secret is stored.
 */
@Entity
@Table(name = "enrollment_token")
public class EnrollmentToken {

    /** Stored states; "expired" is not one: it follows from expiresAt. */
    public static final String UNUSED = "UNUSED";
    public static final String USED = "USED";
    public static final String REVOKED = "REVOKED";
    /** How the SAN patterns are joined in their column. */
    public static final String SAN_SEPARATOR = "\n";

    @Id
    @Column(length = 32)
    private String id;

    @Column(nullable = false, length = 64)
    private String secretHash;

    @Column(nullable = false)
    private String profile;

    private String commonName;

    /** SAN patterns, one per line. */
    @Column(nullable = false, length = 4000)
    private String sans;

    @Column(nullable = false)
    private String state;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private String createdBy;

    @Column(nullable = false)
    private Instant expiresAt;

    private Instant usedAt;

    private String certificateSerial;

    private Instant revokedAt;

    protected EnrollmentToken() {
    }

    public EnrollmentToken(String id, String secretHash, String profile, String commonName, List<String> sans,
            Instant createdAt, String createdBy, Instant expiresAt) {
        this.id = id;
        this.secretHash = secretHash;
        this.profile = profile;
        this.commonName = commonName;
        this.sans = String.join(SAN_SEPARATOR, sans);
        this.state = UNUSED;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.expiresAt = expiresAt;
    }

    public void revoke(Instant at) {
        this.state = REVOKED;
        this.revokedAt = at;
    }

    public String id() { return id; }
    public String secretHash() { return secretHash; }
    public String profile() { return profile; }
    public String commonName() { return commonName; }
    public List<String> sans() { return sans.isEmpty() ? List.of() : Arrays.asList(sans.split(SAN_SEPARATOR)); }
    public String state() { return state; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public Instant expiresAt() { return expiresAt; }
    public Instant usedAt() { return usedAt; }
    public String certificateSerial() { return certificateSerial; }
    public Instant revokedAt() { return revokedAt; }
}
