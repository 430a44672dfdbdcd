package dev.hallmark.inventory;

import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.Pem;
import dev.hallmark.storage.CertificateRecord;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.CertificateStatus;
import dev.hallmark.storage.CertificateTallies;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only views of the certificate store for the front ends (the REST API, the console). */
@Service
@Transactional(readOnly = true)
public class CertificateQueries {

    /** The statuses a search shows: a reserved serial is no certificate yet. */
    private static final List<CertificateStatus> COUNTED = List.of(CertificateStatus.VALID, CertificateStatus.REVOKED);

    /** Sortable fields, by their API names; the id is always the tie-breaker so paging is stable. */
    public static final List<String> SORTABLE = List.of("createdAt", "notAfter", "notBefore", "serial", "subject", "profile");

    private final CertificateRepository certificates;
    private final CertificateTallies tallies;
    private final CertificateCounts counts;
    private final EntityManager entities;
    private final CertificateAuthorities authorities;
    private final Clock clock;

    public CertificateQueries(CertificateRepository certificates, CertificateTallies tallies, EntityManager entities,
            CertificateAuthorities authorities, Clock clock) {
        this.certificates = certificates;
        this.tallies = tallies;
        this.counts = new CertificateCounts(tallies);
        this.entities = entities;
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
        return new CertificatePage(list(filter, page, size, sort), page, size, count(filter));
    }

    /** One page of what {@link #search} finds, without counting the rest. */
    public List<CertificateView> list(CertificateFilter filter, int page, int size, String sort) {
        Specification<CertificateRecord> spec = specification(filter, clock.instant());
        return certificates.findBy(spec, q -> q.slice(PageRequest.of(page, size, sort(sort)))).map(this::view)
                .getContent();
    }

    /**
     * How many certificates {@link #search} finds with this filter: its {@code totalItems}. Without text, from the
     * tallies ({@link CertificateCounts}); text is looked for in every certificate's subject and SANs.
     */
    public long count(CertificateFilter filter) {
        if (!hasText(filter)) {
            return counts.count(filter, clock.instant());
        }
        return certificates.count(specification(filter, clock.instant()));
    }

    /**
     * A page of what {@link #search} finds, for a person: the total is {@link #count}, except that a search by text
     * stops at {@code limit} certificates ({@code more} then says there are others), and only those can be paged
     * through. The text is then looked for once, in one query that answers the ids of the first {@code limit} in
     * order; the page's certificates are read by id.
     */
    public BoundedPage browse(CertificateFilter filter, int page, int size, String sort, int limit) {
        if (!hasText(filter)) {
            return new BoundedPage(list(filter, page, size, sort), count(filter), false);
        }
        CriteriaBuilder cb = entities.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<CertificateRecord> root = query.from(CertificateRecord.class);
        query.select(root.get("id")).where(specification(filter, clock.instant()).toPredicate(root, query, cb))
                .orderBy(QueryUtils.toOrders(sort(sort), root, cb));
        List<Long> ids = entities.createQuery(query).setMaxResults(limit + 1).getResultList();
        List<Long> onPage = ids.subList(Math.min(ids.size(), Math.min(limit, page * size)),
                Math.min(Math.min(limit, ids.size()), page * size + size));
        Map<Long, CertificateRecord> byId = new HashMap<>();
        certificates.findAllById(onPage).forEach(r -> byId.put(r.id(), r));
        return new BoundedPage(onPage.stream().map(byId::get).map(this::view).toList(), Math.min(ids.size(), limit),
                ids.size() > limit);
    }

    /** A page of a search whose total may stop at a limit: {@code totalItems} or more, when {@code more}. */
    public record BoundedPage(List<CertificateView> items, long totalItems, boolean more) {
    }

    /** Certificates created on each of the last {@code days} days (UTC), oldest first; the last entry is today. */
    public List<DayCount> issuedPerDay(int days) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, Long> created = tallies.createdPerDay(COUNTED, first, today);
        List<DayCount> perDay = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            perDay.add(new DayCount(day, created.getOrDefault(day, 0L)));
        }
        return perDay;
    }

    /**
     * Valid certificates expiring on each UTC day from now until {@code days} days from now: the first entry is the
     * rest of today, the last the part of its day up to that time, so that together they are exactly what
     * {@link #count} finds with {@code status=valid} and {@code expiresBefore} now plus {@code days} days.
     */
    public List<DayCount> expiringPerDay(int days) {
        Instant now = clock.instant();
        Instant end = now.plus(Duration.ofDays(days));
        LocalDate today = CertificateCounts.day(now);
        LocalDate last = CertificateCounts.day(end);
        List<CertificateStatus> valid = List.of(CertificateStatus.VALID);
        Map<LocalDate, Long> whole = tallies.expiringPerDay(CertificateStatus.VALID, today.plusDays(1), last.minusDays(1));
        List<DayCount> perDay = new ArrayList<>();
        perDay.add(new DayCount(today, tallies.countExpiring(valid, null, now, false,
                CertificateCounts.start(today.plusDays(1)), false)));
        for (LocalDate day = today.plusDays(1); day.isBefore(last); day = day.plusDays(1)) {
            perDay.add(new DayCount(day, whole.getOrDefault(day, 0L)));
        }
        perDay.add(new DayCount(last, tallies.countExpiring(valid, null, CertificateCounts.start(last), true, end,
                false)));
        return perDay;
    }

    /** A number of certificates on one day. */
    public record DayCount(LocalDate day, long count) {
    }

    private static boolean hasText(CertificateFilter filter) {
        return filter.text() != null && !filter.text().isBlank();
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
