package dev.hallmark.inventory;

import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.Pem;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only views of the certificate store for the front ends (the REST API, the console). */
@Service
@Transactional(readOnly = true)
public class CertificateQueries {

    /** Sortable fields, by their API names; the id is always the tie-breaker so paging is stable. */
    public static final List<String> SORTABLE = List.of("createdAt", "notAfter", "notBefore", "serial", "subject", "profile");

    private final CertificateRepository certificates;
    private final CertificateAuthorities authorities;
    private final Clock clock;

    public CertificateQueries(CertificateRepository certificates, CertificateAuthorities authorities, Clock clock) {
        this.certificates = certificates;
        this.authorities = authorities;
        this.clock = clock;
    }

    public Optional<CertificateView> find(String serial) {
        return certificates.findBySerial(serial).filter(r -> r.status() != CertificateStatus.PENDING).map(this::view);
    }

    public Optional<String> pem(String serial) {
        return certificates.findBySerial(serial).filter(r -> r.status() != CertificateStatus.PENDING)
                .map(r -> Pem.certificate(r.der()));
    }

    /** The certificate then the CA that issued it, as PEM: what a TLS server presents. */
    public Optional<String> chainPem(String serial) {
        return certificates.findBySerial(serial).filter(r -> r.status() != CertificateStatus.PENDING)
                .map(r -> Pem.certificate(r.der()) + Pem.certificates(List.of(issuerOf(r))));
    }

    /** The certificate's DER as stored, for downloads. */
    public Optional<byte[]> der(String serial) {
        return certificates.findBySerial(serial).filter(r -> r.status() != CertificateStatus.PENDING)
                .map(CertificateRecord::der);
    }

    /** The certificate with what its DER says decoded (extensions, key, fingerprints), for a person to read. */
    public Optional<CertificateDetails> details(String serial) {
        return certificates.findBySerial(serial).filter(r -> r.status() != CertificateStatus.PENDING)
                .map(r -> CertificateDecoder.decode(view(r), r.der()));
    }

    /** @param sort a field of {@link #SORTABLE}, optionally followed by {@code ,asc} or {@code ,desc} */
    public CertificatePage search(CertificateFilter filter, int page, int size, String sort) {
        var result = certificates.findAll(specification(filter, clock.instant()), PageRequest.of(page, size, sort(sort)));
        return new CertificatePage(result.map(this::view).getContent(), page, size, result.getTotalElements());
    }

    /** How many certificates {@link #search} finds with this filter: its {@code totalItems}. */
    public long count(CertificateFilter filter) {
        return certificates.count(specification(filter, clock.instant()));
    }

    /**
     * Certificates created on each of the last {@code days} days (UTC), oldest first; the last entry is today. Each
     * day is one count over the indexed creation time, so the cost does not grow with the store.
     */
    public List<DayCount> issuedPerDay(int days) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<DayCount> counts = new ArrayList<>();
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            counts.add(new DayCount(day, certificates.count((root, q, cb) -> cb.and(
                    cb.notEqual(root.get("status"), CertificateStatus.PENDING),
                    cb.greaterThanOrEqualTo(root.get("createdAt"), from), cb.lessThan(root.get("createdAt"), to)))));
        }
        return counts;
    }

    /**
     * Valid certificates whose notAfter falls in each of the next {@code days} spans of 24 hours from now, labelled
     * with the (UTC) day each span starts on: together they are exactly what {@link #count} finds with
     * {@code status=valid} and {@code expiresBefore} now plus {@code days} days.
     */
    public List<DayCount> expiringPerDay(int days) {
        Instant now = clock.instant();
        List<DayCount> counts = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            Instant from = now.plus(Duration.ofDays(i));
            Instant to = now.plus(Duration.ofDays(i + 1L));
            boolean first = i == 0;
            counts.add(new DayCount(LocalDate.ofInstant(from, ZoneOffset.UTC), certificates.count((root, q, cb) ->
                    cb.and(cb.equal(root.get("status"), CertificateStatus.VALID),
                            first ? cb.greaterThan(root.get("notAfter"), from)
                                    : cb.greaterThanOrEqualTo(root.get("notAfter"), from),
                            cb.lessThan(root.get("notAfter"), to)))));
        }
        return counts;
    }

    /** A number of certificates on one day. */
    public record DayCount(LocalDate day, long count) {
    }

    private static Specification<CertificateRecord> specification(CertificateFilter filter, Instant now) {
        Specification<CertificateRecord> spec = (root, q, cb) -> cb.notEqual(root.get("status"), CertificateStatus.PENDING);
        if (filter.status() != null) {
            spec = spec.and(switch (filter.status()) {
                case "valid" -> (root, q, cb) -> cb.and(cb.equal(root.get("status"), CertificateStatus.VALID),
                        cb.greaterThan(root.get("notAfter"), now));
                case "revoked" -> (root, q, cb) -> cb.equal(root.get("status"), CertificateStatus.REVOKED);
                case "expired" -> (root, q, cb) -> cb.and(cb.equal(root.get("status"), CertificateStatus.VALID),
                        cb.lessThanOrEqualTo(root.get("notAfter"), now));
                default -> throw new InvalidQueryException("status must be valid, revoked or expired");
            });
        }
        if (filter.profile() != null) {
            spec = spec.and((root, q, cb) -> cb.equal(root.get("profile"), filter.profile()));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String like = "%" + filter.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            spec = spec.and((root, q, cb) -> cb.or(cb.like(cb.lower(root.get("subject")), like, '\\'),
                    cb.like(cb.lower(root.get("sans")), like, '\\')));
        }
        if (filter.expiresBefore() != null) {
            spec = spec.and((root, q, cb) -> cb.lessThan(root.get("notAfter"), filter.expiresBefore()));
        }
        if (filter.expiresAfter() != null) {
            spec = spec.and((root, q, cb) -> cb.greaterThan(root.get("notAfter"), filter.expiresAfter()));
        }
        return spec;
    }

    private static Sort sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "id"));
        }
        // -1 keeps empty parts: "sort=,,," split to no parts at all and failed with an index error (a 500)
        String[] parts = sort.split(",", -1);
        String field = parts[0].strip();
        if (!SORTABLE.contains(field)) {
            throw new InvalidQueryException("sort must be one of " + SORTABLE + ", optionally with ,asc or ,desc");
        }
        Sort.Direction direction = parts.length > 1 && parts[1].strip().equalsIgnoreCase("desc")
                ? Sort.Direction.DESC : Sort.Direction.ASC;
        return Sort.by(direction, field).and(Sort.by(direction, "id"));
    }

    private CertificateView view(CertificateRecord r) {
        String status = r.status() == CertificateStatus.REVOKED ? "revoked"
                : r.notAfter().isAfter(clock.instant()) ? "valid" : "expired";
        List<String> sans = r.sans().isEmpty() ? List.of() : Arrays.asList(r.sans().split(", "));
        String issuer = issuerOf(r).getSubject().toString();
        return new CertificateView(r.serial(), r.subject(), r.commonName(), sans, issuer, r.profile(), r.requester(),
                r.notBefore(), r.notAfter(), status, r.revokedAt(), r.revocationReason(), r.fingerprint(), r.createdAt());
    }

    private X509CertificateHolder issuerOf(CertificateRecord r) {
        return authorities.role(r.issuerId()).map(authorities::certificate).orElseThrow(() -> new IllegalStateException(
                "certificate " + r.serial() + " names issuer " + r.issuerId() + ", not a CA of this service"));
    }
}
