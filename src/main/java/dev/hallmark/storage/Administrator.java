package dev.hallmark.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An administrator credential: a name and role bound to one certificate serial. */
@Entity
@Table(name = "administrator")
public class Administrator {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String role;

    @Column(nullable = false, unique = true)
    private String certificateSerial;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private String createdBy;

    protected Administrator() {
    }

    public Administrator(String name, String role, String certificateSerial, Instant createdAt, String createdBy) {
        this.name = name;
        this.role = role;
        this.certificateSerial = certificateSerial;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public Long id() { return id; }
    public String name() { return name; }
    public String role() { return role; }
    public String certificateSerial() { return certificateSerial; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
}
