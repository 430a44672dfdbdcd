package dev.hallmark.acme;

import dev.hallmark.acme.validation.ValidationAuthority;
import dev.hallmark.acme.validation.ValidationOutcome;
import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.cluster.NodeName;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.policy.Limits;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.SanType;
import dev.hallmark.storage.AcmeRecords;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orders, authorizations and challenges (RFC 8555 sections 7.1, 7.4, 7.5) and their states:
 * an order is pending until every authorization is valid (then ready), processing once one
 * finalize claimed it, valid with its certificate, or invalid (a failed authorization, expiry, a
 * deactivated account). Each transition is a conditional update in the database, so it happens
 * once whatever the number of requests or nodes.
 */
@Service
public class AcmeOrders {

    private static final Logger log = LoggerFactory.getLogger(AcmeOrders.class);

    /** An account lists at most this many of its orders, newest first. */
    static final int MAX_LISTED_ORDERS = 1000;
    /** Expired validations one run takes over at most; the next run, seconds later, takes the rest. */
    static final int RESUMED_PER_RUN = 50;

    private final AcmeRecords records;
    private final IssuancePolicy policy;
    private final ChallengeValidations validations;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AcmeSettings settings;
    private final ApplicationEventPublisher events;
    private final RenewalInformation renewals;
    private final ExternalAccountKeys eab;
    private final NodeName node;

    AcmeOrders(AcmeRecords records, IssuancePolicy policy, ChallengeValidations validations,
            AuditLog audit, TransactionTemplate transactions, Clock clock, AcmeSettings settings,
            ApplicationEventPublisher events, RenewalInformation renewals, ExternalAccountKeys eab,
            NodeName node) {
        this.node = node;
        this.eab = eab;
        this.renewals = renewals;
        this.records = records;
        this.policy = policy;
        this.validations = validations;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
    }

    /** An identifier as the client sent it. */
    public record RequestedIdentifier(String type, String value) {
    }

    /**
     * newOrder (RFC 8555 section 7.4). Every identifier is checked against the profile's name rules
     * before any challenge exists; a valid authorization of the account for the same identifier is
     * reused.
     *
     * @param acmeProfile the profile asked for, or null for the default
     * @param replaces the RFC 9773 certificate ID of the certificate this one replaces, or null
     */
    public AcmeOrder newOrder(AcmeAccount account, List<RequestedIdentifier> requested, String acmeProfile,
            String replaces, String remoteAddress) {
        if (requested == null || requested.isEmpty()) {
            throw new AcmeException(AcmeProblem.malformed, "an order needs at least one identifier");
        }
        if (requested.size() > Limits.MAX_SANS) {
            throw new AcmeException(AcmeProblem.rejectedIdentifier, requested.size() + " identifiers; at most "
                    + Limits.MAX_SANS + " are allowed in one order");
        }
        Set<OrderIdentifier> identifiers = new LinkedHashSet<>();
        for (RequestedIdentifier r : requested) {
            identifiers.add(AcmeIdentifiers.parse(r.type(), r.value()));
        }
        String profileName = acmeProfile == null ? settings.defaultProfile() : acmeProfile;
        if (!settings.profiles().contains(profileName)) {
            throw new AcmeException(AcmeProblem.invalidProfile, "profile '" + AcmeIdentifiers.quote(profileName)
                    + "' is not offered; the directory's meta.profiles lists those that are");
        }
        CertificateProfile profile;
        try {
            profile = policy.profile(profileName, false);
        } catch (PolicyViolationException e) {
            throw new AcmeException(AcmeProblem.invalidProfile, e.getMessage());
        }
        for (OrderIdentifier identifier : identifiers) {
            try {
                policy.checkName(profile, identifier.type().equals(OrderIdentifier.IP) ? SanType.IP : SanType.DNS,
                        identifier.displayValue());
            } catch (PolicyViolationException e) {
                throw new AcmeException(AcmeProblem.rejectedIdentifier, e.getMessage());
            }
        }
        eab.checkOrder(account, profileName, identifiers);
        if (replaces != null) {
            checkReplaces(account, replaces, identifiers);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String orderId = AcmeNonces.randomToken();
        transactions.executeWithoutResult(s -> {
            Instant expires = now.plus(AcmeSettings.ORDER_LIFETIME);
            List<String> authorizationIds = new ArrayList<>();
            boolean allValid = true;
            for (OrderIdentifier identifier : identifiers) {
                var reused = records.findReusable(account.id(), identifier.type(), identifier.value(),
                        identifier.wildcard(), now);
                if (reused.isPresent()) {
                    authorizationIds.add(reused.get().id());
                    if (reused.get().expiresAt().isBefore(expires)) {
                        expires = reused.get().expiresAt(); // an order lives no longer than its authorizations
                    }
                } else {
                    authorizationIds.add(createAuthorization(account.id(), identifier, now));
                    allValid = false;
                }
            }
            records.insertOrder(new AcmeRecords.Order(orderId, account.id(),
                    allValid ? AcmeOrder.READY : AcmeOrder.PENDING,
                    identifiers.stream().map(OrderIdentifier::stored).toList(), profileName,
                    acmeProfile, replaces, expires, null, null, now));
            for (int i = 0; i < authorizationIds.size(); i++) {
                records.linkAuthorization(orderId, authorizationIds.get(i), i);
            }
            audit.record(actor(account, remoteAddress), "acme.order.create", orderId, Outcome.SUCCESS,
                    "profile=" + profileName + " identifiers=" + identifiers.stream().map(OrderIdentifier::stored)
                            .toList() + (replaces == null ? "" : " replaces=" + replaces));
        });
        AcmeOrder created = order(account, orderId);
        changed(created.status(), 1);
        return created;
    }

    /**
     * RFC 9773 section 5: {@code replaces} names a certificate this account ordered, sharing a name with the new
     * order, that no other live order replaces.
     */
    private void checkReplaces(AcmeAccount account, String certId, Set<OrderIdentifier> identifiers) {
        String serial = renewals.serial(certId);
        AcmeRecords.Order replaced = records.findOrderByCertificate(serial)
                .filter(o -> o.accountId().equals(account.id()))
                .orElseThrow(() -> new AcmeException(AcmeProblem.malformed, "'replaces' names no certificate that"
                        + " this account ordered"));
        if (replaced.identifiers().stream().map(OrderIdentifier::parseStored).noneMatch(identifiers::contains)) {
            throw new AcmeException(AcmeProblem.malformed, "the replaced certificate shares no identifier with"
                    + " this order");
        }
        if (records.replacementExists(certId)) {
            throw new AcmeException(AcmeProblem.alreadyReplaced, "another order already replaces this certificate");
        }
    }

    void changed(String status, int count) {
        if (count > 0) {
            events.publishEvent(new AcmeOrderStatusChanged(status, count));
        }
    }

    private String createAuthorization(String accountId, OrderIdentifier identifier, Instant now) {
        String id = AcmeNonces.randomToken();
        records.insertAuthorization(new AcmeRecords.Authorization(id, accountId, identifier.type(), identifier.value(),
                identifier.wildcard(), AcmeAuthorization.PENDING, now.plus(AcmeSettings.ORDER_LIFETIME), now));
        for (String type : challengeTypes(identifier)) {
            records.insertChallenge(new AcmeRecords.Challenge(AcmeNonces.randomToken(), id, type,
                    AcmeNonces.randomToken(), AcmeChallenge.PENDING, null, null));
        }
        return id;
    }

    /** Wildcards by dns-01 only (RFC 8555 section 7.1.3); IP addresses have no DNS name for dns-01 (RFC 8738 section 7). */
    static List<String> challengeTypes(OrderIdentifier identifier) {
        if (identifier.wildcard()) {
            return List.of(AcmeChallenge.DNS_01);
        }
        if (identifier.type().equals(OrderIdentifier.IP)) {
            return List.of(AcmeChallenge.HTTP_01, AcmeChallenge.TLS_ALPN_01);
        }
        return List.of(AcmeChallenge.HTTP_01, AcmeChallenge.DNS_01, AcmeChallenge.TLS_ALPN_01);
    }

    /** The account's order, with a state that time has moved on brought up to date. */
    public AcmeOrder order(AcmeAccount account, String id) {
        AcmeRecords.Order row = records.findOrder(id).filter(o -> o.accountId().equals(account.id()))
                .orElseThrow(() -> AcmeException.notFound("order " + AcmeIdentifiers.quote(id) + " of this account"));
        Instant now = clock.instant();
        if ((row.status().equals(AcmeOrder.PENDING) || row.status().equals(AcmeOrder.READY))
                && !row.expiresAt().isAfter(now)) {
            Integer expired = transactions.execute(s -> records.expireOrder(id, now,
                    new AcmeError(AcmeProblem.malformed, "the order expired before it was finalized").stored()));
            changed(AcmeOrder.INVALID, expired == null ? 0 : expired);
            row = records.findOrder(id).orElseThrow();
        }
        return view(row);
    }

    public List<String> orderIds(AcmeAccount account) {
        return records.orderIdsOfAccount(account.id(), MAX_LISTED_ORDERS);
    }

    public AcmeAuthorization authorization(AcmeAccount account, String id) {
        AcmeRecords.Authorization row = records.findAuthorization(id).filter(a -> a.accountId().equals(account.id()))
                .orElseThrow(() -> AcmeException.notFound("authorization " + AcmeIdentifiers.quote(id)
                        + " of this account"));
        Instant now = clock.instant();
        if ((row.status().equals(AcmeAuthorization.PENDING) || row.status().equals(AcmeAuthorization.VALID))
                && !row.expiresAt().isAfter(now)) {
            transactions.executeWithoutResult(s -> records.expireAuthorization(id, now));
            row = records.findAuthorization(id).orElseThrow();
        }
        return view(row);
    }

    /** RFC 8555 section 7.5.2: the client gives up an authorization; its open orders end. */
    public AcmeAuthorization deactivateAuthorization(AcmeAccount account, String id, String remoteAddress) {
        AcmeAuthorization current = authorization(account, id);
        if (!(current.status().equals(AcmeAuthorization.PENDING) || current.status().equals(AcmeAuthorization.VALID))) {
            throw new AcmeException(AcmeProblem.malformed, "the authorization is " + current.status()
                    + "; only a pending or valid one can be deactivated");
        }
        Integer invalidated = transactions.execute(s -> {
            if (records.moveAuthorization(id, current.status(), AcmeAuthorization.DEACTIVATED, current.expires()) != 1) {
                throw new AcmeException(AcmeProblem.malformed, "the authorization changed meanwhile; fetch it again");
            }
            int n = records.invalidateOrdersOf(id, new AcmeError(AcmeProblem.unauthorized, "authorization for "
                    + current.identifier().displayValue() + " was deactivated").stored());
            audit.record(actor(account, remoteAddress), "acme.authorization.deactivate", id, Outcome.SUCCESS,
                    current.identifier().stored());
            return n;
        });
        changed(AcmeOrder.INVALID, invalidated == null ? 0 : invalidated);
        return authorization(account, id);
    }

    public AcmeChallenge challenge(AcmeAccount account, String id) {
        AcmeRecords.Challenge row = records.findChallenge(id).orElseThrow(() -> AcmeException.notFound("challenge "
                + AcmeIdentifiers.quote(id)));
        authorization(account, row.authorizationId());
        return view(records.findChallenge(id).orElseThrow());
    }

    /**
     * The client says it is ready (RFC 8555 section 7.5.1): the challenge moves to processing under a lease held by
     * this node, and the validation authority runs off this thread. A challenge that is not pending is answered as
     * it is, so a repeated request changes nothing.
     */
    public AcmeChallenge respond(AcmeAccount account, String id, String remoteAddress) {
        AcmeChallenge current = challenge(account, id);
        if (!current.status().equals(AcmeChallenge.PENDING)) {
            return current;
        }
        ValidationAuthority authority = validations.authority();
        AcmeAuthorization authorization = authorization(account, current.authorizationId());
        Instant now = clock.instant();
        String lease = AcmeNonces.randomToken();
        Integer started = transactions.execute(s -> {
            int n = records.startChallenge(id, authorization.id(), now, lease, node.value(),
                    now.plus(settings.validationLease()));
            if (n == 1) {
                audit.record(actor(account, remoteAddress), "acme.challenge.respond", id, Outcome.SUCCESS,
                        current.type() + " " + authorization.identifier().stored());
            }
            return n;
        });
        if (started == null || started != 1) {
            return challenge(account, id);
        }
        try {
            validations.submit(() -> validate(authority, account, authorization, current, lease));
        } catch (AcmeException e) {
            transactions.executeWithoutResult(s -> records.finishChallenge(id, lease, AcmeChallenge.PENDING, null,
                    null));
            throw e;
        }
        return challenge(account, id);
    }

    /**
     * Takes over the validations whose lease ran out — their node stopped or died while they were processing — and
     * runs them again here. Every node runs this; each takeover is one conditional update (the lease still expired),
     * so a validation is taken over by exactly one node cluster-wide, and the node that took it is the only one
     * whose outcome is recorded. A restarted node takes over its own validations the same way.
     *
     * @return how many validations this node took over
     */
    public int resumeExpiredValidations() {
        Instant now = clock.instant();
        List<AcmeRecords.Challenge> expiredLeases = records.expiredLeases(now, RESUMED_PER_RUN);
        // asked only when there is work: the validation authority is made on first use (AcmeValidationConfiguration)
        if (expiredLeases.isEmpty() || !validations.available()) {
            return 0;
        }
        ValidationAuthority authority = validations.authority();
        int resumed = 0;
        for (AcmeRecords.Challenge expired : expiredLeases) {
            String lease = AcmeNonces.randomToken();
            AcmeRecords.Authorization authorization = records.findAuthorization(expired.authorizationId())
                    .orElse(null);
            AcmeAccount account = authorization == null ? null
                    : records.findAccount(authorization.accountId()).map(AcmeAccounts::view).orElse(null);
            Integer taken = transactions.execute(s -> {
                int n = records.takeOverLease(expired.id(), lease, node.value(), now, now.plus(
                        settings.validationLease()));
                if (n == 1) {
                    audit.record(Actor.SYSTEM, "acme.challenge.resume", expired.id(), Outcome.SUCCESS,
                            expired.type() + ": the validation's lease ran out; resumed on " + node.value());
                }
                return n;
            });
            if (taken == null || taken != 1) {
                continue; // another node took it over first
            }
            resumed++;
            if (account == null) {
                transactions.executeWithoutResult(s -> records.finishChallenge(expired.id(), lease,
                        AcmeChallenge.INVALID, null, new AcmeError(AcmeProblem.serverInternal,
                                "the challenge's account or authorization is gone").stored()));
                continue;
            }
            AcmeAuthorization view = view(authorization);
            AcmeChallenge challenge = view(expired);
            try {
                validations.submit(() -> validate(authority, account, view, challenge, lease));
            } catch (AcmeException e) {
                log.info("validation of challenge {} waits for the next run: {}", expired.id(), e.getMessage());
            }
        }
        return resumed;
    }

    /** Every node, every five seconds: a takeover is decided row by row in the database, not by a lock on the job. */
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void resumeExpiredValidationsOnSchedule() {
        try {
            resumeExpiredValidations();
        } catch (RuntimeException e) {
            log.warn("taking over expired validations failed; the next run tries again: {}", e.toString());
        }
    }

    /**
     * Runs one validation for the holder of {@code lease} and records its outcome, unless the lease was taken over
     * meanwhile (this validation waited longer than its lease) or this node is stopping: then nothing is recorded
     * and the lease decides who validates.
     */
    private void validate(ValidationAuthority authority, AcmeAccount account, AcmeAuthorization authorization,
            AcmeChallenge challenge, String lease) {
        Integer held = transactions.execute(s -> records.renewLease(challenge.id(), lease,
                clock.instant().plus(settings.validationLease())));
        if (held == null || held != 1) {
            log.info("challenge {} was taken over by another node before its validation started here", challenge.id());
            return;
        }
        // the account's current key: a key rollover while the validation waited is the client's new key authorization
        String keyAuthorization = challenge.token() + "." + records.findAccount(account.id())
                .map(AcmeRecords.Account::thumbprint).orElse(account.thumbprint());
        OrderIdentifier identifier = authorization.identifier();
        ValidationOutcome outcome;
        try {
            outcome = authority.validate(challenge.type(), identifier.forValidation(), challenge.token(),
                    keyAuthorization);
            if (outcome == null) {
                throw new IllegalStateException("the validation authority gave no outcome");
            }
        } catch (RuntimeException e) {
            if (!validations.running()) {
                log.info("validation of challenge {} stopped with this node; its lease will be taken over",
                        challenge.id());
                return;
            }
            log.error("validation of {} for {} failed", challenge.type(), identifier.stored(), e);
            outcome = ValidationOutcome.failure(AcmeProblem.serverInternal.name(),
                    "the validation failed inside the CA");
        }
        if (!validations.running()) {
            log.info("validation of challenge {} stopped with this node; its lease will be taken over", challenge.id());
            return;
        }
        ValidationOutcome result = outcome;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            int[] moved = new int[1];
            transactions.executeWithoutResult(s -> {
                if (result.valid()) {
                    if (records.finishChallenge(challenge.id(), lease, AcmeChallenge.VALID, now, null) != 1) {
                        return;
                    }
                    records.moveAuthorization(authorization.id(), AcmeAuthorization.PENDING, AcmeAuthorization.VALID,
                            now.plus(AcmeSettings.VALID_AUTHORIZATION_LIFETIME));
                    moved[0] = records.readyOrdersOf(authorization.id());
                } else {
                    AcmeError error = new AcmeError(AcmeProblem.named(result.errorType()),
                            result.detail() == null ? challenge.type() + " failed" : result.detail());
                    if (records.finishChallenge(challenge.id(), lease, AcmeChallenge.INVALID, null, error.stored())
                            != 1) {
                        return;
                    }
                    records.moveAuthorization(authorization.id(), AcmeAuthorization.PENDING, AcmeAuthorization.INVALID,
                            authorization.expires());
                    moved[0] = records.invalidateOrdersOf(authorization.id(), new AcmeError(error.problem(),
                            "authorization for " + identifier.displayValue() + " failed: " + error.detail()).stored());
                }
                audit.record(AcmeAccounts.actor(account.id(), null), "acme.challenge.validate", challenge.id(),
                        result.valid() ? Outcome.SUCCESS : Outcome.REFUSED, challenge.type() + " "
                                + identifier.stored() + (result.valid() ? "" : " " + result.errorType() + ": "
                                + result.detail()));
            });
            changed(result.valid() ? AcmeOrder.READY : AcmeOrder.INVALID, moved[0]);
        } catch (RuntimeException e) {
            log.error("recording the validation of challenge {} failed", challenge.id(), e);
        }
    }

    /** The serial of the account's certificate, for download; another account's is not found. */
    public String certificate(AcmeAccount account, String serial) {
        return records.findOrderByCertificate(serial).filter(o -> o.accountId().equals(account.id()))
                .map(AcmeRecords.Order::certificateSerial)
                .orElseThrow(() -> AcmeException.notFound("certificate " + AcmeIdentifiers.quote(serial)
                        + " of this account"));
    }

    private static Actor actor(AcmeAccount account, String remoteAddress) {
        return AcmeAccounts.actor(account.id(), remoteAddress);
    }

    private AcmeOrder view(AcmeRecords.Order o) {
        return new AcmeOrder(o.id(), o.accountId(), o.status(), o.expiresAt(),
                o.identifiers().stream().map(OrderIdentifier::parseStored).toList(),
                records.authorizationIdsOfOrder(o.id()), o.profile(), o.acmeProfile() != null, o.replaces(),
                AcmeError.parse(o.error()), o.certificateSerial());
    }

    private AcmeAuthorization view(AcmeRecords.Authorization a) {
        return new AcmeAuthorization(a.id(), a.accountId(), new OrderIdentifier(a.type(), a.value(), a.wildcard()),
                a.status(), a.expiresAt(), records.challengesOf(a.id()).stream().map(AcmeOrders::view).toList());
    }

    private static AcmeChallenge view(AcmeRecords.Challenge c) {
        return new AcmeChallenge(c.id(), c.authorizationId(), c.type(), c.token(), c.status(), c.validatedAt(),
                AcmeError.parse(c.error()));
    }
}
