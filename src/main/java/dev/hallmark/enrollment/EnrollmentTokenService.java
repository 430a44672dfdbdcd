package dev.hallmark.enrollment;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceAuthorization;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.Limits;
import dev.hallmark.policy.NamePatterns;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.RequestBounds;
import dev.hallmark.storage.EnrollmentToken;
import dev.hallmark.storage.EnrollmentTokenRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time enrollment tokens: created by an administrator or operator, bound to a profile and to
 * name patterns, spent by the one issuance they authorize.
 * <ul>
 * <li>The token is {@code <id>.<secret>} with a 256-bit random secret; only the SHA-256 of the whole
 * token is stored, and it is compared in constant time.</li>
 * <li>Spending is a conditional update ({@code UNUSED} and unexpired → {@code USED}) run inside the
 * issuing transaction: if issuance fails the token is unspent again, and of many concurrent
 * requests with one token exactly one gets a certificate.</li>
 * </ul>
 */
@Service
public class EnrollmentTokenService {

    /** Hard limits on a token's lifetime: long enough to ship a device, short enough to matter. */
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(1);
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(EnrollmentTokenService.class);
    private static final Pattern NAME_PATTERN = Pattern.compile("(\\*|(\\*\\.)?[A-Za-z0-9@:._/+%=~-]+)");
    private static final Pattern IP_V6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{20}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EnrollmentTokenRepository tokens;
    private final IssuancePolicy policy;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public EnrollmentTokenService(EnrollmentTokenRepository tokens, IssuancePolicy policy, AuditLog audit,
            TransactionTemplate transactions, Clock clock) {
        this.tokens = tokens;
        this.policy = policy;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A token that passed its checks (secret, state, expiry) and may be spent on one issuance. */
    public record VerifiedToken(String id, String profile, RequestBounds bounds) {
    }

    /**
     * @param commonName exact common name, {@code *.suffix} pattern or {@code *}; null allows any
     * @param sans allowed SAN values or {@code *.suffix} patterns; null or empty allows none
     * @param expiresIn ISO-8601 duration ({@code PT1H}); null for one hour
     */
    public CreatedEnrollmentToken create(String profile, String commonName, List<String> sans, String expiresIn,
            Actor actor) {
        inField("profile", () -> policy.profile(profile, false));
        String cn = commonName == null ? null : inField("commonName", () -> checkCommonName(commonName.strip()));
        List<String> patterns = inField("sans", () -> checkSans(sans == null ? List.of() : sans));
        Duration lifetime = lifetime(expiresIn);
        String id = HexFormat.of().formatHex(random(10));
        String token = id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        EnrollmentToken saved = transactions.execute(status -> {
            EnrollmentToken t = tokens.save(new EnrollmentToken(id, hash(token), profile, cn, patterns, now,
                    actor.name(), now.plus(lifetime)));
            audit.record(actor, "enrollment-token.create", id, Outcome.SUCCESS, "profile=" + profile + " commonName="
                    + cn + " sans=" + patterns + " expiresAt=" + t.expiresAt());
            return t;
        });
        return new CreatedEnrollmentToken(view(saved), token);
    }

    public List<EnrollmentTokenView> list() {
        return tokens.findAllByOrderByCreatedAtDesc().stream().map(this::view).toList();
    }

    /** Revokes an unused token (expired ones too, so the list says so); a used token cannot be revoked. */
    public EnrollmentTokenView revoke(String id, Actor actor) {
        return transactions.execute(status -> {
            EnrollmentToken token = tokens.findById(id).orElseThrow(() -> new TokenNotFoundException(id));
            if (token.state().equals(EnrollmentToken.USED)) {
                throw new IssuanceRefusedException(IssuanceRefusedException.Reason.CONFLICT,
                        "enrollment token " + id + " was already used at " + token.usedAt() + " and cannot be revoked");
            }
            if (!token.state().equals(EnrollmentToken.REVOKED)) {
                token.revoke(clock.instant().truncatedTo(ChronoUnit.SECONDS));
                audit.record(actor, "enrollment-token.revoke", id, Outcome.SUCCESS, null);
            }
            return view(token);
        });
    }

    /**
     * Checks a presented token without spending it. Refusals are audited and say why (unknown,
     * used, revoked, expired) without revealing anything about other tokens.
     *
     * @param basicUser the id given as HTTP Basic user, or null for a bearer token
     */
    public VerifiedToken verify(String basicUser, String presented, String remoteAddress) {
        String id = presented == null ? null : presented.substring(0, Math.max(0, presented.indexOf('.')));
        Actor actor = new Actor("token:" + (id != null && ID.matcher(id).matches() ? id : "unknown"), remoteAddress);
        if (id == null || !ID.matcher(id).matches()) {
            throw refused(actor, "the enrollment token is not in the form this server issues (<id>.<secret>)");
        }
        if (basicUser != null && !basicUser.equals(id)) {
            throw refused(actor, "the user name is not the id of the enrollment token given as password");
        }
        EnrollmentToken token = tokens.findById(id).orElse(null);
        if (token == null || !MessageDigest.isEqual(token.secretHash().getBytes(StandardCharsets.US_ASCII),
                hash(presented).getBytes(StandardCharsets.US_ASCII))) {
            throw refused(actor, "the enrollment token is not valid");
        }
        String unusable = unusable(token);
        if (unusable != null) {
            throw refused(actor, unusable);
        }
        return new VerifiedToken(id, token.profile(), new RequestBounds(token.commonName(), token.sans()));
    }

    /** Spends the token inside the issuing transaction; refuses when another request spent it first. */
    public IssuanceAuthorization spending(String id) {
        return () -> {
            int spent;
            try {
                spent = tokens.spend(id, clock.instant());
            } catch (DataAccessException e) {
                log.info("enrollment token {} could not be locked: {}", id, e.getMessage());
                throw new IssuanceRefusedException(IssuanceRefusedException.Reason.UNAUTHENTICATED,
                        "enrollment token " + id + " is being used by another request");
            }
            if (spent != 1) {
                String why = tokens.findById(id).map(EnrollmentTokenService.this::unusable).orElse(null);
                throw new IssuanceRefusedException(IssuanceRefusedException.Reason.UNAUTHENTICATED,
                        why != null ? why : "enrollment token " + id + " can no longer be used");
            }
        };
    }

    /** Notes which certificate a spent token yielded, for the token list. Best effort: the audit trail has it too. */
    public void recordCertificate(String id, String serial) {
        try {
            transactions.executeWithoutResult(status -> tokens.recordCertificate(id, serial));
        } catch (DataAccessException e) {
            log.warn("could not note certificate {} on enrollment token {}: {}", serial, id, e.getMessage());
        }
    }

    private String unusable(EnrollmentToken token) {
        return switch (token.state()) {
            case EnrollmentToken.USED -> "enrollment token " + token.id() + " has already been used";
            case EnrollmentToken.REVOKED -> "enrollment token " + token.id() + " has been revoked";
            default -> token.expiresAt().isAfter(clock.instant()) ? null
                    : "enrollment token " + token.id() + " expired at " + token.expiresAt();
        };
    }

    private IssuanceRefusedException refused(Actor actor, String message) {
        audit.recordAlone(actor, "certificate.issue", null, Outcome.REFUSED, message);
        return new IssuanceRefusedException(IssuanceRefusedException.Reason.UNAUTHENTICATED, message);
    }

    private EnrollmentTokenView view(EnrollmentToken t) {
        TokenState state = switch (t.state()) {
            case EnrollmentToken.USED -> TokenState.used;
            case EnrollmentToken.REVOKED -> TokenState.revoked;
            default -> t.expiresAt().isAfter(clock.instant()) ? TokenState.unused : TokenState.expired;
        };
        return new EnrollmentTokenView(t.id(), t.profile(), t.commonName(), t.sans(), state, t.createdAt(),
                t.createdBy(), t.expiresAt(), t.usedAt(), t.certificateSerial(), t.revokedAt());
    }

    /** Runs the checks of one request field, so that a refusal names the field (the console shows it beside it). */
    private static <T> T inField(String field, Supplier<T> checks) {
        try {
            return checks.get();
        } catch (PolicyViolationException e) {
            throw e.inField(field);
        }
    }

    /** The same limits as a CSR's names, so a token never allows what no certificate could carry. */
    private static List<String> checkSans(List<String> requested) {
        Limits.checkSanCount("sans lists", requested.size());
        List<String> patterns = new ArrayList<>();
        for (String san : requested) {
            patterns.add(checkSanPattern(san == null ? "" : san.strip()));
        }
        Limits.checkSanText("sans", patterns, EnrollmentToken.SAN_SEPARATOR);
        return patterns;
    }

    private static String checkCommonName(String value) {
        Limits.checkCommonName("commonName", value);
        return checkPattern("commonName", value, Limits.MAX_COMMON_NAME_LENGTH);
    }

    /** A SAN pattern within the limit of the name type it stands for (URI, e-mail address, DNS name or IP address). */
    private static String checkSanPattern(String value) {
        int maxLength;
        if (value.indexOf('/') >= 0 || value.indexOf(':') >= 0 && !IP_V6.matcher(value).matches()) {
            Limits.checkUri("sans entry", value);
            maxLength = Limits.MAX_URI_LENGTH;
        } else if (value.indexOf('@') >= 0) {
            Limits.checkEmail("sans entry", value);
            maxLength = Limits.MAX_EMAIL_LENGTH;
        } else {
            if (value.indexOf(':') < 0) {
                Limits.checkDnsName("sans entry", value);
            }
            // the empty value is refused below, with the general form of a pattern
            if (!value.isEmpty() && !NamePatterns.isValid(value)) {
                throw new InvalidTokenRequestException("sans", "sans entry '" + Limits.quote(value)
                        + "' is not a host name, *.domain pattern or IP address");
            }
            maxLength = Limits.MAX_DNS_NAME_LENGTH;
        }
        return checkPattern("sans", value, maxLength);
    }

    private static String checkPattern(String field, String value, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength || !NAME_PATTERN.matcher(value).matches()
                || value.indexOf('*', 1) >= 0) {
            throw new InvalidTokenRequestException(field, field + " '" + value + "' is not a name or pattern: use an"
                    + " exact value, '*.example.com' for any name below example.com, or '*' for any (at most "
                    + maxLength + " characters)");
        }
        return value;
    }

    private static Duration lifetime(String expiresIn) {
        if (expiresIn == null) {
            return DEFAULT_LIFETIME;
        }
        Duration lifetime;
        try {
            lifetime = Duration.parse(expiresIn);
        } catch (DateTimeParseException e) {
            throw new InvalidTokenRequestException("expiresIn", "expiresIn '" + Limits.quote(expiresIn)
                    + "' is not an ISO-8601 duration such as PT1H or P7D");
        }
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidTokenRequestException("expiresIn", "expiresIn must be between " + MIN_LIFETIME + " and "
                    + MAX_LIFETIME.toDays() + " days (P" + MAX_LIFETIME.toDays() + "D)");
        }
        return lifetime;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }
}
