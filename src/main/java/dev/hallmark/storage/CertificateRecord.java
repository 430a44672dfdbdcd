package dev.hallmark.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One certificate: its serial (hex, lower case, unique), names, validity, who asked, its DER and status. */
@Entity
@Table(name = "certificate")
public class CertificateRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 40)
    private String serial;

    /** The issuer NameID of the CA that signed it (signing/IssuerNameId). */
    @Column(nullable = false)
    private long issuerId;

    @Column(nullable = false, length = 1024)
    private String subject;

    private String commonName;

    @Column(nullable = false, length = 4000)
    private String sans;

    @Column(nullable = false)
    private String profile;

    @Column(nullable = false)
    private String requester;

    @Column(nullable = false)
    private Instant notBefore;

    @Column(nullable = false)
    private Instant notAfter;

    private String fingerprint;

    private byte[] der;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CertificateStatus status;

    private Instant revokedAt;

    private String revocationReason;

    @Column(nullable = false)
    private Instant createdAt;

    protected CertificateRecord() {
    }

    public void revoke(Instant at, String reason) {
        if (status != CertificateStatus.VALID) {
            throw new IllegalStateException("certificate " + serial + " is " + status);
        }
        this.status = CertificateStatus.REVOKED;
        this.revokedAt = at;
        this.revocationReason = reason;
    }

    public Long id() { return id; }
    public String serial() { return serial; }
    public long issuerId() { return issuerId; }
    public String subject() { return subject; }
    public String commonName() { return commonName; }
    public String sans() { return sans; }
    public String profile() { return profile; }
    public String requester() { return requester; }
    public Instant notBefore() { return notBefore; }
    public Instant notAfter() { return notAfter; }
    public String fingerprint() { return fingerprint; }
    public byte[] der() { return der == null ? null : der.clone(); }
    public CertificateStatus status() { return status; }
    public Instant revokedAt() { return revokedAt; }
    public String revocationReason() { return revocationReason; }
    public Instant createdAt() { return createdAt; }
}
