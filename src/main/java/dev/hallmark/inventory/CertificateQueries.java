package dev.hallmark.inventory;

import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.Pem;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only views of the certificate store for the API. */
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

    /** @param sort a field of {@link #SORTABLE}, optionally followed by {@code ,asc} or {@code ,desc} */
    public CertificatePage search(CertificateFilter filter, int page, int size, String sort) {
        Instant now = clock.instant();
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
        var result = certificates.findAll(spec, PageRequest.of(page, size, sort(sort)));
        return new CertificatePage(result.map(this::view).getContent(), page, size, result.getTotalElements());
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
        String issuer = authorities.certificate(IssuerId.valueOf(r.issuer())).getSubject().toString();
        return new CertificateView(r.serial(), r.subject(), r.commonName(), sans, issuer, r.profile(), r.requester(),
                r.notBefore(), r.notAfter(), status, r.revokedAt(), r.revocationReason(), r.fingerprint(), r.createdAt());
    }
}
