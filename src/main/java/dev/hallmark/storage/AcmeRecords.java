package dev.hallmark.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * ACME's accounts, orders, authorizations, challenges, nonces and EAB keys (V4__acme.sql and later), in plain
 * SQL. Every change of state is a conditional update that names the state it leaves, so that two
 * requests (on one node or on several) can never both make the same transition: the one that
 * updated a row won, the other sees 0 and is told why. Callers run these in their transaction.
 */
@Repository
public class AcmeRecords {

    /** How list values (contacts, identifiers, patterns) are joined in their column. */
    public static final String LIST_SEPARATOR = "\n";

    public record Account(String id, String thumbprint, String jwk, String status, List<String> contact,
            String eabKeyId, Instant createdAt) {
    }

    /** @param identifiers {@code type:value} (a wildcard as {@code dns:*.example.com}), in the order asked */
    public record Order(String id, String accountId, String status, List<String> identifiers, String profile,
            String acmeProfile, String replaces, Instant expiresAt, String error, String certificateSerial,
            Instant createdAt) {
    }

    /** @param value the base name: no {@code *.} for a wildcard, which {@code wildcard} says */
    public record Authorization(String id, String accountId, String type, String value, boolean wildcard,
            String status, Instant expiresAt, Instant createdAt) {
    }

    public record Challenge(String id, String authorizationId, String type, String token, String status,
            Instant validatedAt, String error) {
    }

    public record EabKey(String keyId, String name, String hmacSealed, List<String> profiles,
            List<String> namePatterns, Instant createdAt, String createdBy, Instant expiresAt, String accountId,
            Instant boundAt, Instant revokedAt, String revokedBy) {
    }

    private final JdbcClient jdbc;

    public AcmeRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    // nonces

    public void insertNonce(String nonce, Instant expiresAt) {
        jdbc.sql("INSERT INTO acme_nonce (nonce, expires_at) VALUES (?, ?)")
                .params(nonce, SqlTimes.utc(expiresAt)).update();
    }

    /** True for the one request that spends an unexpired nonce; every other (reuse, unknown) gets false. */
    public boolean spendNonce(String nonce, Instant now) {
        return jdbc.sql("DELETE FROM acme_nonce WHERE nonce = ? AND expires_at > ?")
                .params(nonce, SqlTimes.utc(now)).update() == 1;
    }

    public int deleteExpiredNonces(Instant now) {
        return jdbc.sql("DELETE FROM acme_nonce WHERE expires_at <= ?").params(SqlTimes.utc(now)).update();
    }

    // accounts

    public void insertAccount(Account a) {
        jdbc.sql("INSERT INTO acme_account (id, thumbprint, jwk, status, contact, eab_key_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(a.id(), a.thumbprint(), a.jwk(), a.status(), join(a.contact()), a.eabKeyId(),
                        SqlTimes.utc(a.createdAt()))
                .update();
    }

    public Optional<Account> findAccount(String id) {
        return jdbc.sql(ACCOUNT + " WHERE id = ?").param(id).query(AcmeRecords::account).optional();
    }

    public Optional<Account> findAccountByThumbprint(String thumbprint) {
        return jdbc.sql(ACCOUNT + " WHERE thumbprint = ?").param(thumbprint).query(AcmeRecords::account).optional();
    }

    public List<Account> accounts(int limit) {
        return jdbc.sql(ACCOUNT + " ORDER BY created_at DESC FETCH FIRST " + limit + " ROWS ONLY")
                .query(AcmeRecords::account).list();
    }

    public int updateContact(String id, List<String> contact) {
        return jdbc.sql("UPDATE acme_account SET contact = ? WHERE id = ? AND status = 'valid'")
                .params(join(contact), id).update();
    }

    public int deactivateAccount(String id) {
        return jdbc.sql("UPDATE acme_account SET status = 'deactivated' WHERE id = ? AND status = 'valid'")
                .param(id).update();
    }

    /** Key rollover: only from the key the request was verified with, only while the account is valid. */
    public int changeKey(String id, String oldThumbprint, String newThumbprint, String jwk) {
        return jdbc.sql("UPDATE acme_account SET thumbprint = ?, jwk = ? WHERE id = ? AND thumbprint = ?"
                        + " AND status = 'valid'")
                .params(newThumbprint, jwk, id, oldThumbprint).update();
    }

    // EAB keys

    public void insertEabKey(EabKey k) {
        jdbc.sql("INSERT INTO acme_eab_key (key_id, name, hmac_sealed, profiles, name_patterns, created_at, created_by,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(k.keyId(), k.name(), k.hmacSealed(), join(k.profiles()), join(k.namePatterns()),
                        SqlTimes.utc(k.createdAt()), k.createdBy(), k.expiresAt() == null ? null
                                : SqlTimes.utc(k.expiresAt()))
                .update();
    }

    public Optional<EabKey> findEabKey(String keyId) {
        return jdbc.sql(EAB + " WHERE key_id = ?").param(keyId).query(AcmeRecords::eabKey).optional();
    }

    public List<EabKey> eabKeys(int limit) {
        return jdbc.sql(EAB + " ORDER BY created_at DESC FETCH FIRST " + limit + " ROWS ONLY")
                .query(AcmeRecords::eabKey).list();
    }

    /** Binds an unbound, unrevoked, unexpired key to the account: a key makes one account. */
    public int bindEabKey(String keyId, String accountId, Instant now) {
        return jdbc.sql("UPDATE acme_eab_key SET account_id = ?, bound_at = ? WHERE key_id = ? AND account_id IS NULL"
                        + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")
                .params(accountId, SqlTimes.utc(now), keyId, SqlTimes.utc(now)).update();
    }

    /** Revokes a key that has bound no account and is not revoked: it binds none after. */
    public int revokeEabKey(String keyId, Instant now, String revokedBy) {
        return jdbc.sql("UPDATE acme_eab_key SET revoked_at = ?, revoked_by = ? WHERE key_id = ? AND account_id IS NULL"
                        + " AND revoked_at IS NULL")
                .params(SqlTimes.utc(now), revokedBy, keyId).update();
    }

    // orders

    public void insertOrder(Order o) {
        jdbc.sql("INSERT INTO acme_order (id, account_id, status, identifiers, profile, acme_profile, replaces,"
                        + " expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(o.id(), o.accountId(), o.status(), join(o.identifiers()), o.profile(), o.acmeProfile(),
                        o.replaces(), SqlTimes.utc(o.expiresAt()), SqlTimes.utc(o.createdAt()))
                .update();
    }

    public Optional<Order> findOrder(String id) {
        return jdbc.sql(ORDER + " WHERE id = ?").param(id).query(AcmeRecords::order).optional();
    }

    public Optional<Order> findOrderByCertificate(String serial) {
        return jdbc.sql(ORDER + " WHERE certificate_serial = ?").param(serial).query(AcmeRecords::order).optional();
    }

    /** Whether an order that has not failed already replaces the certificate (RFC 9773 section 5). */
    public boolean replacementExists(String certId) {
        return jdbc.sql("SELECT COUNT(*) FROM acme_order WHERE replaces = ? AND status <> 'invalid'").param(certId)
                .query(Long.class).single() > 0;
    }

    public List<String> orderIdsOfAccount(String accountId, int limit) {
        return jdbc.sql("SELECT id FROM acme_order WHERE account_id = ? ORDER BY created_at DESC FETCH FIRST " + limit
                + " ROWS ONLY").param(accountId).query(String.class).list();
    }

    /** A processing order whose finalize lease ran out: the CSR to issue from, null when none was kept. */
    public record StalledFinalize(String orderId, String accountId, byte[] csr) {
    }

    /** ready → processing, held by {@code token} until {@code until}, keeping the CSR for a takeover. */
    public int claimFinalize(String id, String token, Instant until, byte[] csr) {
        return jdbc.sql("UPDATE acme_order SET status = 'processing', finalize_token = ?, finalize_until = ?,"
                        + " finalize_csr = ? WHERE id = ? AND status = 'ready'")
                .params(token, SqlTimes.utc(until), csr, id).update();
    }

    /** Takes over a finalize whose lease ran out: 1 for the one taker whose update found it still run out. */
    public int takeOverFinalize(String id, String token, Instant now, Instant until, byte[] csr) {
        return jdbc.sql("UPDATE acme_order SET finalize_token = ?, finalize_until = ?, finalize_csr = ? WHERE id = ?"
                        + " AND status = 'processing' AND (finalize_until IS NULL OR finalize_until <= ?)")
                .params(token, SqlTimes.utc(until), csr, id, SqlTimes.utc(now)).update();
    }

    /**
     * In the issuing transaction, before signing: 1 while {@code token} still holds the order, whose row this update
     * then keeps locked until the transaction ends, so that no takeover happens while it issues.
     */
    public int holdFinalize(String id, String token, Instant until) {
        return jdbc.sql("UPDATE acme_order SET finalize_until = ? WHERE id = ? AND status = 'processing'"
                        + " AND finalize_token = ?")
                .params(SqlTimes.utc(until), id, token).update();
    }

    /** processing → valid with the certificate, in the issuing transaction, by the lease's holder. */
    public int completeOrder(String id, String token, String serial) {
        return jdbc.sql("UPDATE acme_order SET status = 'valid', certificate_serial = ?, finalize_token = NULL,"
                        + " finalize_until = NULL, finalize_csr = NULL WHERE id = ? AND status = 'processing'"
                        + " AND finalize_token = ?")
                .params(serial, id, token).update();
    }

    /** processing → {@code to} (ready again, or invalid) by the lease's holder, when its finalize did not issue. */
    public int releaseFinalize(String id, String token, String to, String error) {
        return jdbc.sql("UPDATE acme_order SET status = ?, error = ?, finalize_token = NULL, finalize_until = NULL,"
                        + " finalize_csr = NULL WHERE id = ? AND status = 'processing' AND finalize_token = ?")
                .params(to, error, id, token).update();
    }

    public boolean finalizeLeaseRanOut(String id, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM acme_order WHERE id = ? AND status = 'processing'"
                        + " AND (finalize_until IS NULL OR finalize_until <= ?)")
                .params(id, SqlTimes.utc(now)).query(Long.class).single() > 0;
    }

    public List<StalledFinalize> stalledFinalizes(Instant now, int limit) {
        return jdbc.sql("SELECT id, account_id, finalize_csr FROM acme_order WHERE status = 'processing'"
                        + " AND (finalize_until IS NULL OR finalize_until <= ?) ORDER BY finalize_until FETCH FIRST "
                        + limit + " ROWS ONLY")
                .param(SqlTimes.utc(now))
                .query((rs, n) -> new StalledFinalize(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
    }

    /** Orders not yet finalized whose time ran out become invalid. */
    public int expireOrder(String id, Instant now, String error) {
        return jdbc.sql("UPDATE acme_order SET status = 'invalid', error = ? WHERE id = ?"
                        + " AND status IN ('pending', 'ready') AND expires_at <= ?")
                .params(error, id, SqlTimes.utc(now)).update();
    }

    /** The account's pending and ready orders end with the account (RFC 8555 section 7.3.6). */
    public int invalidateOpenOrders(String accountId, String error) {
        return jdbc.sql("UPDATE acme_order SET status = 'invalid', error = ? WHERE account_id = ?"
                        + " AND status IN ('pending', 'ready')")
                .params(error, accountId).update();
    }

    public void linkAuthorization(String orderId, String authorizationId, int position) {
        jdbc.sql("INSERT INTO acme_order_authorization (order_id, authorization_id, position) VALUES (?, ?, ?)")
                .params(orderId, authorizationId, position).update();
    }

    public List<String> authorizationIdsOfOrder(String orderId) {
        return jdbc.sql("SELECT authorization_id FROM acme_order_authorization WHERE order_id = ? ORDER BY position")
                .param(orderId).query(String.class).list();
    }

    /** The pending orders of this authorization whose every authorization is now valid become ready. */
    public int readyOrdersOf(String authorizationId) {
        return jdbc.sql("UPDATE acme_order SET status = 'ready' WHERE status = 'pending' AND id IN"
                        + " (SELECT order_id FROM acme_order_authorization WHERE authorization_id = ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM acme_order_authorization oa JOIN acme_authorization a"
                        + " ON a.id = oa.authorization_id WHERE oa.order_id = acme_order.id AND a.status <> 'valid')")
                .param(authorizationId).update();
    }

    /** The pending orders of an authorization that failed fail with it (RFC 8555 section 7.1.6). */
    public int invalidateOrdersOf(String authorizationId, String error) {
        return jdbc.sql("UPDATE acme_order SET status = 'invalid', error = ? WHERE status IN ('pending', 'ready')"
                        + " AND id IN (SELECT order_id FROM acme_order_authorization WHERE authorization_id = ?)")
                .params(error, authorizationId).update();
    }

    // authorizations

    public void insertAuthorization(Authorization a) {
        jdbc.sql("INSERT INTO acme_authorization (id, account_id, identifier_type, identifier_value, wildcard, status,"
                        + " expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(a.id(), a.accountId(), a.type(), a.value(), a.wildcard(), a.status(),
                        SqlTimes.utc(a.expiresAt()), SqlTimes.utc(a.createdAt()))
                .update();
    }

    public Optional<Authorization> findAuthorization(String id) {
        return jdbc.sql(AUTHZ + " WHERE id = ?").param(id).query(AcmeRecords::authorization).optional();
    }

    /** The account's valid authorization for the identifier that outlives {@code until}, the longest-lived first. */
    public Optional<Authorization> findReusable(String accountId, String type, String value, boolean wildcard,
            Instant until) {
        return jdbc.sql(AUTHZ + " WHERE account_id = ? AND identifier_type = ? AND identifier_value = ?"
                        + " AND wildcard = ? AND status = 'valid' AND expires_at > ? ORDER BY expires_at DESC")
                .params(accountId, type, value, wildcard, SqlTimes.utc(until)).query(AcmeRecords::authorization)
                .list().stream().findFirst();
    }

    /** The account's valid authorizations for an identifier, for revocation by authorization. */
    public boolean holdsValidAuthorization(String accountId, String type, String value, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM acme_authorization WHERE account_id = ? AND identifier_type = ?"
                        + " AND identifier_value = ? AND status = 'valid' AND expires_at > ?")
                .params(accountId, type, value, SqlTimes.utc(now)).query(Long.class).single() > 0;
    }

    public int moveAuthorization(String id, String from, String to, Instant expiresAt) {
        return jdbc.sql("UPDATE acme_authorization SET status = ?, expires_at = ? WHERE id = ? AND status = ?")
                .params(to, SqlTimes.utc(expiresAt), id, from).update();
    }

    public int expireAuthorization(String id, Instant now) {
        return jdbc.sql("UPDATE acme_authorization SET status = 'expired' WHERE id = ?"
                        + " AND status IN ('pending', 'valid') AND expires_at <= ?")
                .params(id, SqlTimes.utc(now)).update();
    }

    // challenges

    public void insertChallenge(Challenge c) {
        jdbc.sql("INSERT INTO acme_challenge (id, authorization_id, type, token, status) VALUES (?, ?, ?, ?, ?)")
                .params(c.id(), c.authorizationId(), c.type(), c.token(), c.status()).update();
    }

    public Optional<Challenge> findChallenge(String id) {
        return jdbc.sql(CHALLENGE + " WHERE id = ?").param(id).query(AcmeRecords::challenge).optional();
    }

    public List<Challenge> challengesOf(String authorizationId) {
        return jdbc.sql(CHALLENGE + " WHERE authorization_id = ? ORDER BY type").param(authorizationId)
                .query(AcmeRecords::challenge).list();
    }

    /**
     * pending → processing, only while its authorization is pending and unexpired and no sibling is processing; the
     * validation it starts holds the lease {@code leaseToken} until {@code leaseUntil} (V11__acme_validation_lease.sql).
     */
    public int startChallenge(String id, String authorizationId, Instant now, String leaseToken, String leaseHolder,
            Instant leaseUntil) {
        return jdbc.sql("UPDATE acme_challenge SET status = 'processing', lease_token = ?, lease_holder = ?,"
                        + " lease_until = ? WHERE id = ? AND status = 'pending'"
                        + " AND EXISTS (SELECT 1 FROM acme_authorization a WHERE a.id = ? AND a.status = 'pending'"
                        + " AND a.expires_at > ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM acme_challenge c WHERE c.authorization_id = ?"
                        + " AND c.status = 'processing')")
                .params(leaseToken, leaseHolder, SqlTimes.utc(leaseUntil), id, authorizationId, SqlTimes.utc(now),
                        authorizationId).update();
    }

    /** The holder of the lease starts the validation it queued: 1 while it still holds it, 0 once another took it. */
    public int renewLease(String id, String leaseToken, Instant leaseUntil) {
        return jdbc.sql("UPDATE acme_challenge SET lease_until = ? WHERE id = ? AND status = 'processing'"
                        + " AND lease_token = ?")
                .params(SqlTimes.utc(leaseUntil), id, leaseToken).update();
    }

    /** Challenges in processing whose validation's lease ran out (its node stopped), oldest lease first. */
    public List<Challenge> expiredLeases(Instant now, int limit) {
        return jdbc.sql(CHALLENGE + " WHERE status = 'processing' AND (lease_until IS NULL OR lease_until <= ?)"
                        + " ORDER BY lease_until FETCH FIRST " + limit + " ROWS ONLY")
                .param(SqlTimes.utc(now)).query(AcmeRecords::challenge).list();
    }

    /** Takes over an expired lease: 1 for the one node whose update found it still expired, 0 for every other. */
    public int takeOverLease(String id, String leaseToken, String leaseHolder, Instant now, Instant leaseUntil) {
        return jdbc.sql("UPDATE acme_challenge SET lease_token = ?, lease_holder = ?, lease_until = ? WHERE id = ?"
                        + " AND status = 'processing' AND (lease_until IS NULL OR lease_until <= ?)")
                .params(leaseToken, leaseHolder, SqlTimes.utc(leaseUntil), id, SqlTimes.utc(now)).update();
    }

    /** processing → {@code status} by the holder of the lease alone; the lease ends with it. */
    public int finishChallenge(String id, String leaseToken, String status, Instant validatedAt, String error) {
        return jdbc.sql("UPDATE acme_challenge SET status = ?, validated_at = ?, error = ?, lease_token = NULL,"
                        + " lease_holder = NULL, lease_until = NULL WHERE id = ? AND status = 'processing'"
                        + " AND lease_token = ?")
                .params(status, validatedAt == null ? null : SqlTimes.utc(validatedAt), error, id, leaseToken)
                .update();
    }

    private static final String ACCOUNT =
            "SELECT id, thumbprint, jwk, status, contact, eab_key_id, created_at FROM acme_account";
    private static final String ORDER = "SELECT id, account_id, status, identifiers, profile, acme_profile, replaces,"
            + " expires_at, error, certificate_serial, created_at FROM acme_order";
    private static final String AUTHZ = "SELECT id, account_id, identifier_type, identifier_value, wildcard, status,"
            + " expires_at, created_at FROM acme_authorization";
    private static final String CHALLENGE =
            "SELECT id, authorization_id, type, token, status, validated_at, error FROM acme_challenge";
    private static final String EAB = "SELECT key_id, name, hmac_sealed, profiles, name_patterns, created_at,"
            + " created_by, expires_at, account_id, bound_at, revoked_at, revoked_by FROM acme_eab_key";

    private static Account account(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), split(rs.getString(5)),
                rs.getString(6), SqlTimes.instant(rs, 7));
    }

    private static Order order(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Order(rs.getString(1), rs.getString(2), rs.getString(3), split(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getString(7), SqlTimes.instant(rs, 8), rs.getString(9), rs.getString(10),
                SqlTimes.instant(rs, 11));
    }

    private static Authorization authorization(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Authorization(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5), rs.getString(6), SqlTimes.instant(rs, 7), SqlTimes.instant(rs, 8));
    }

    private static Challenge challenge(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Challenge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                SqlTimes.instant(rs, 6), rs.getString(7));
    }

    private static EabKey eabKey(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new EabKey(rs.getString(1), rs.getString(2), rs.getString(3), split(rs.getString(4)),
                split(rs.getString(5)), SqlTimes.instant(rs, 6), rs.getString(7), SqlTimes.instant(rs, 8),
                rs.getString(9), SqlTimes.instant(rs, 10), SqlTimes.instant(rs, 11), rs.getString(12));
    }

    private static String join(List<String> values) {
        return String.join(LIST_SEPARATOR, values);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(LIST_SEPARATOR));
    }
}
