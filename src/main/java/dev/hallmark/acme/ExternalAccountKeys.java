package dev.hallmark.acme;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.policy.Limits;
import dev.hallmark.policy.NamePatterns;
import dev.hallmark.profile.HostNames;
import dev.hallmark.storage.AcmeRecords;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * External account binding keys (RFC 8555 section 7.3.4): made by an administrator, shown once, sealed at
 * rest, bound to the one account created with them, and limiting that account to the profiles and names
 * the key allows.
 */
@Service
public class ExternalAccountKeys {

    static final int HMAC_BYTES = 32;
    static final int MAX_NAME_LENGTH = 128;
    static final Duration MAX_EXPIRES_IN = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AcmeRecords records;
    private final SecretSeal seal;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AcmeSettings settings;

    ExternalAccountKeys(AcmeRecords records, SecretSeal seal, AuditLog audit, TransactionTemplate transactions,
            Clock clock, AcmeSettings settings) {
        this.records = records;
        this.seal = seal;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
    }

    /** A new key; {@code hmacKey} (base64url) is the secret, shown only here. */
    public record Created(EabKeyView key, String hmacKey) {
    }

    /** A request an administrator must correct; the message says what, {@link #field} names the request's field. */
    public static final class InvalidRequestException extends RuntimeException {
        private final String field;

        public InvalidRequestException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * @param profiles ACME profiles the bound account may order; null or empty for all offered
     * @param namePatterns exact names or {@code *.example.com} patterns the account may order; null or empty for any
     * @param expiresIn ISO-8601 duration until the key can no longer bind an account; null for never
     */
    public Created create(String name, List<String> profiles, List<String> namePatterns, String expiresIn,
            Actor actor) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("name", "name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        List<String> allowedProfiles = profiles == null ? List.of() : List.copyOf(profiles);
        for (String profile : allowedProfiles) {
            if (profile == null || !settings.profiles().contains(profile)) {
                throw new InvalidRequestException("profiles", "profile '" + Limits.quote(String.valueOf(profile))
                        + "' is not an ACME profile; offered: " + settings.profiles());
            }
        }
        List<String> patterns = namePatterns == null ? List.of() : List.copyOf(namePatterns);
        if (patterns.size() > Limits.MAX_SANS) {
            throw new InvalidRequestException("namePatterns", patterns.size() + " name patterns; at most "
                    + Limits.MAX_SANS);
        }
        for (String pattern : patterns) {
            if (pattern == null || !NamePatterns.isValid(pattern)) {
                throw new InvalidRequestException("namePatterns", "name pattern '"
                        + Limits.quote(String.valueOf(pattern))
                        + "' is not a host name, *.domain pattern or IP address");
            }
        }
        Limits.checkSanText("namePatterns", patterns, AcmeRecords.LIST_SEPARATOR);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = expiresIn == null ? null : now.plus(expiry(expiresIn));
        String keyId = AcmeNonces.randomToken();
        byte[] hmac = new byte[HMAC_BYTES];
        RANDOM.nextBytes(hmac);
        String sealed = seal.seal(hmac, keyId);
        transactions.executeWithoutResult(s -> {
            records.insertEabKey(new AcmeRecords.EabKey(keyId, name, sealed, allowedProfiles, patterns, now,
                    actor.name(), expiresAt, null, null, null, null));
            audit.record(actor, "acme.eab-key.create", keyId, Outcome.SUCCESS, "name=" + name + " profiles="
                    + allowedProfiles + " namePatterns=" + patterns + " expiresAt=" + expiresAt);
        });
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(hmac);
        Arrays.fill(hmac, (byte) 0);
        return new Created(new EabKeyView(keyId, name, allowedProfiles, patterns, EabKeyState.unused, now,
                actor.name(), expiresAt, null, null, null), secret);
    }

    /** For administrators: the newest keys first, without their secrets. */
    public List<EabKeyView> list(int limit) {
        return records.eabKeys(limit).stream().map(this::view).toList();
    }

    /** For administrators: one key, without its secret. */
    public EabKeyView get(String keyId) {
        return view(key(keyId));
    }

    /**
     * Revokes a key that has bound no account ({@link EabKeyState#revocable}): no account can be made with it after.
     * A key that bound an account has done its work; that account is deactivated instead.
     */
    public EabKeyView revoke(String keyId, Actor actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return transactions.execute(s -> {
            if (records.revokeEabKey(keyId, now, actor.name()) != 1) {
                AcmeRecords.EabKey key = key(keyId);
                throw new AcmeAdministrationException(AcmeAdministrationException.Reason.CONFLICT,
                        key.revokedAt() != null
                                ? "EAB key " + keyId + " was revoked already, at " + key.revokedAt() + " by "
                                        + key.revokedBy()
                                : "EAB key " + keyId + " has bound account " + key.accountId()
                                        + " and cannot be revoked; deactivate that account instead");
            }
            AcmeRecords.EabKey revoked = key(keyId);
            audit.record(actor, "acme.eab-key.revoke", keyId, Outcome.SUCCESS, "name=" + revoked.name());
            return view(revoked);
        });
    }

    private AcmeRecords.EabKey key(String keyId) {
        return records.findEabKey(keyId).orElseThrow(() -> new AcmeAdministrationException(
                AcmeAdministrationException.Reason.NOT_FOUND, "no EAB key has the id '" + Limits.quote(keyId) + "'"));
    }

    private EabKeyView view(AcmeRecords.EabKey k) {
        EabKeyState state = k.revokedAt() != null ? EabKeyState.revoked
                : k.accountId() != null ? EabKeyState.bound
                : k.expiresAt() != null && !k.expiresAt().isAfter(clock.instant()) ? EabKeyState.expired
                : EabKeyState.unused;
        return new EabKeyView(k.keyId(), k.name(), k.profiles(), k.namePatterns(), state, k.createdAt(),
                k.createdBy(), k.expiresAt(), k.accountId(), k.revokedAt(), k.revokedBy());
    }

    private static Duration expiry(String text) {
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("expiresIn", "expiresIn must be an ISO-8601 duration such as P30D");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_EXPIRES_IN) > 0) {
            throw new InvalidRequestException("expiresIn", "expiresIn must be positive and at most P365D");
        }
        return d;
    }

    /** The key that MACed the binding, if it is known, unbound, unexpired and its MAC verifies. */
    String verify(EabBinding binding) {
        AcmeRecords.EabKey key = records.findEabKey(binding.keyId()).orElseThrow(() ->
                new AcmeException(AcmeProblem.unauthorized, "the external account binding names an unknown key"));
        if (key.revokedAt() != null) {
            throw new AcmeException(AcmeProblem.unauthorized, "this EAB key was revoked by an administrator");
        }
        if (key.accountId() != null) {
            throw new AcmeException(AcmeProblem.unauthorized, "this EAB key is bound to an account already");
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(clock.instant())) {
            throw new AcmeException(AcmeProblem.unauthorized, "this EAB key has expired");
        }
        byte[] hmac;
        try {
            hmac = seal.open(key.hmacSealed(), key.keyId());
        } catch (IllegalArgumentException e) {
            throw new AcmeException(AcmeProblem.serverInternal, "the EAB key cannot be read");
        }
        try {
            if (!JWSObject.parse(binding.compact()).verify(new MACVerifier(hmac))) {
                throw new AcmeException(AcmeProblem.unauthorized, "the external account binding's MAC does not"
                        + " verify with this key");
            }
        } catch (ParseException | JOSEException e) {
            throw new AcmeException(AcmeProblem.unauthorized, "the external account binding's MAC does not verify");
        } finally {
            Arrays.fill(hmac, (byte) 0);
        }
        return key.keyId();
    }

    /** In the account's creating transaction: a key binds one account, and none once revoked. */
    void bind(String keyId, String accountId) {
        if (records.bindEabKey(keyId, accountId, clock.instant()) != 1) {
            throw new AcmeException(AcmeProblem.unauthorized, "this EAB key is bound to an account already, or was"
                    + " revoked");
        }
    }

    /** What a bound account may order: the key's profiles and names. */
    void checkOrder(AcmeAccount account, String profile, Set<OrderIdentifier> identifiers) {
        if (account.eabKeyId() == null) {
            return;
        }
        AcmeRecords.EabKey key = records.findEabKey(account.eabKeyId()).orElseThrow();
        if (!key.profiles().isEmpty() && !key.profiles().contains(profile)) {
            throw new AcmeException(AcmeProblem.invalidProfile, "this account's EAB key allows only the profiles "
                    + key.profiles());
        }
        if (key.namePatterns().isEmpty()) {
            return;
        }
        for (OrderIdentifier identifier : identifiers) {
            if (key.namePatterns().stream().noneMatch(p -> HostNames.matches(p, identifier.displayValue()))) {
                throw new AcmeException(AcmeProblem.rejectedIdentifier, identifier.displayValue() + " is outside the"
                        + " names this account's EAB key allows (" + String.join(", ", key.namePatterns()) + ")");
            }
        }
    }
}
