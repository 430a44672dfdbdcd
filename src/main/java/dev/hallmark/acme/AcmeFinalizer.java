package dev.hallmark.acme;

import dev.hallmark.acme.validation.ValidationOutcome;
import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.cluster.NodeName;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.storage.AcmeRecords;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finalize (RFC 8555 section 7.4). One conditional update moves the order from ready to processing under a lease (a
 * random token, {@code hallmark.acme.finalize-lease} ahead, and the CSR), so of concurrent finalizes exactly one goes
 * on; it checks CAA for each DNS name and issues under the order's grant ({@link AcmeOrderAuthorizer}: exactly the
 * order's identifiers), the certificate and the order's move to valid committing together. A node that stops between
 * the claim and the certificate leaves its lease to run out; then the client's next finalize, or any node's sweep
 * from the stored CSR, takes the order over by the same kind of conditional update. The issuing transaction renews
 * the lease under its own token before it signs ({@link AcmeRecords#holdFinalize}), so a finalize that was taken over
 * signs nothing: one order, one certificate.
 */
@Service
public class AcmeFinalizer {

    private static final Logger log = LoggerFactory.getLogger(AcmeFinalizer.class);

    /** Stalled finalizes one run takes over at most; the next run, seconds later, takes the rest. */
    static final int TAKEN_OVER_PER_RUN = 20;

    private final AcmeOrders orders;
    private final AcmeRecords records;
    private final IssuanceService issuance;
    private final AcmeOrderAuthorizer authorizer;
    private final ChallengeValidations validations;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AcmeSettings settings;
    private final NodeName node;

    AcmeFinalizer(AcmeOrders orders, AcmeRecords records, IssuanceService issuance, AcmeOrderAuthorizer authorizer,
            ChallengeValidations validations, AuditLog audit, TransactionTemplate transactions, Clock clock,
            AcmeSettings settings, NodeName node) {
        this.orders = orders;
        this.records = records;
        this.issuance = issuance;
        this.authorizer = authorizer;
        this.validations = validations;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
        this.node = node;
    }

    /** A ready order, or one whose finalize stopped before it issued (its lease ran out), issued from {@code csr}. */
    public AcmeOrder finalize(AcmeAccount account, String orderId, byte[] csr, String remoteAddress) {
        AcmeOrder order = orders.order(account, orderId);
        boolean takeOver = order.status().equals(AcmeOrder.PROCESSING)
                && records.finalizeLeaseRanOut(orderId, clock.instant());
        if (!takeOver) {
            requireReady(order);
        }
        String lease = AcmeNonces.randomToken();
        Instant now = clock.instant();
        Integer claimed = transactions.execute(s -> takeOver
                ? takeOver(orderId, lease, now, csr, actor(account, remoteAddress), "a finalize")
                : records.claimFinalize(orderId, lease, now.plus(settings.finalizeLease()), csr));
        if (claimed == null || claimed != 1) {
            requireReady(orders.order(account, orderId));
            throw new AcmeException(AcmeProblem.orderNotReady, "the order is being finalized by another request");
        }
        if (!takeOver) {
            orders.changed(AcmeOrder.PROCESSING, 1);
        }
        issue(account, order, lease, csr, remoteAddress, AcmeOrder.READY);
        return orders.order(account, orderId);
    }

    /**
     * Takes over the finalizes whose lease ran out — their node stopped or died between the claim and the certificate
     * — and issues from the CSR each kept. Every node runs this; each takeover is one conditional update, so exactly
     * one node (or client's finalize) takes an order over. An order that cannot be issued any more (its account is no
     * longer valid, no CSR was kept, policy refuses the CSR) becomes invalid: no client is waiting for an answer.
     *
     * @return how many orders this node took over
     */
    public int takeOverStalledFinalizes() {
        if (!validations.available()) {
            return 0; // nothing can be issued without CAA
        }
        int taken = 0;
        Instant now = clock.instant();
        for (AcmeRecords.StalledFinalize stalled : records.stalledFinalizes(now, TAKEN_OVER_PER_RUN)) {
            String lease = AcmeNonces.randomToken();
            Integer n = transactions.execute(s -> takeOver(stalled.orderId(), lease, now, stalled.csr(), Actor.SYSTEM,
                    "the sweep"));
            if (n == null || n != 1) {
                continue; // another node, or the client's finalize, took it over first
            }
            taken++;
            AcmeAccount account = records.findAccount(stalled.accountId()).map(AcmeAccounts::view)
                    .filter(a -> a.status().equals(AcmeAccount.VALID)).orElse(null);
            if (account == null || stalled.csr() == null) {
                giveBack(stalled.orderId(), lease, AcmeOrder.INVALID, new AcmeError(AcmeProblem.serverInternal,
                        account == null ? "the order's account is no longer valid"
                                : "the finalize of this order stopped before it issued and kept no CSR; order again"));
                continue;
            }
            try {
                issue(account, orders.order(account, stalled.orderId()), lease, stalled.csr(), null,
                        AcmeOrder.INVALID);
            } catch (AcmeException e) {
                log.info("order {}, taken over, was not issued: {}", stalled.orderId(), e.getMessage());
            }
        }
        return taken;
    }

    /** Every node, every five seconds: a takeover is decided row by row in the database, not by a lock on the job. */
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void takeOverStalledFinalizesOnSchedule() {
        try {
            takeOverStalledFinalizes();
        } catch (RuntimeException e) {
            log.warn("taking over stalled finalizes failed; the next run tries again: {}", e.toString());
        }
    }

    private int takeOver(String orderId, String lease, Instant now, byte[] csr, Actor actor, String by) {
        int n = records.takeOverFinalize(orderId, lease, now, now.plus(settings.finalizeLease()), csr);
        if (n == 1) {
            audit.record(actor, "acme.order.takeover", orderId, Outcome.SUCCESS, "the finalize's lease ran out;"
                    + " taken over by " + by + " on " + node.value());
        }
        return n;
    }

    /**
     * CAA, then issuance under the lease. A refusal by CAA makes the order invalid; any other failure gives the order
     * back as {@code onFailure} says (ready again, for a client to send a corrected CSR, or invalid).
     */
    private void issue(AcmeAccount account, AcmeOrder order, String lease, byte[] csr, String remoteAddress,
            String onFailure) {
        for (OrderIdentifier identifier : order.identifiers()) {
            if (!identifier.type().equals(OrderIdentifier.DNS)) {
                continue;
            }
            ValidationOutcome caa;
            try {
                caa = validations.checkCaa(identifier);
            } catch (AcmeException e) { // no CAA answer at all (rateLimited, interrupted): not a refusal
                if (onFailure.equals(AcmeOrder.READY) && validations.running()) {
                    giveBack(order.id(), lease, onFailure, new AcmeError(e.problem(), e.getMessage()));
                } // else (the sweep's, or this node is stopping) the lease decides who goes on
                throw e;
            }
            if (!validations.running()) { // the shutdown may have cut the lookup short: the lease decides who goes on
                throw new AcmeException(AcmeProblem.serverInternal, 503, "this node is stopping; another takes the"
                        + " order over once its finalize lease runs out");
            }
            if (!caa.valid()) {
                AcmeError error = new AcmeError(AcmeProblem.named(caa.errorType()), caa.detail() == null
                        ? "CAA forbids issuance for " + identifier.displayValue() : caa.detail());
                Integer invalidated = transactions.execute(s -> {
                    int n = records.releaseFinalize(order.id(), lease, AcmeOrder.INVALID, error.stored());
                    audit.record(actor(account, remoteAddress), "acme.order.finalize", order.id(), Outcome.REFUSED,
                            error.problem() + ": " + error.detail());
                    return n;
                });
                orders.changed(AcmeOrder.INVALID, invalidated == null ? 0 : invalidated);
                throw new AcmeException(error.problem(), error.detail());
            }
        }
        try {
            issuance.issue(new IssuanceRequest(csr, null, authorizer.authorize(account, order, lease, remoteAddress)));
        } catch (PolicyViolationException e) {
            throw giveBack(order.id(), lease, onFailure, new AcmeError(AcmeProblem.badCSR, e.getMessage()));
        } catch (IssuanceRefusedException e) {
            if (e.reason() == IssuanceRefusedException.Reason.CONFLICT) {
                throw new AcmeException(AcmeProblem.orderNotReady, e.getMessage()); // the order is another's now
            }
            throw giveBack(order.id(), lease, onFailure, new AcmeError(AcmeProblem.unauthorized, e.getMessage()));
        } catch (RuntimeException e) {
            throw giveBack(order.id(), lease, onFailure, new AcmeError(AcmeProblem.serverInternal,
                    "the certificate could not be issued; try again"));
        }
        orders.changed(AcmeOrder.VALID, 1);
    }

    /** A finalize that did not issue leaves the order {@code to}: ready as it found it, or invalid with the error. */
    private AcmeException giveBack(String orderId, String lease, String to, AcmeError error) {
        Integer released = transactions.execute(s -> records.releaseFinalize(orderId, lease, to,
                to.equals(AcmeOrder.INVALID) ? error.stored() : null));
        orders.changed(to, released == null ? 0 : released);
        return new AcmeException(error.problem(), error.detail());
    }

    private static void requireReady(AcmeOrder order) {
        if (!order.status().equals(AcmeOrder.READY)) {
            throw new AcmeException(AcmeProblem.orderNotReady, "the order is " + order.status() + switch (order.status()) {
                case AcmeOrder.PENDING -> "; every authorization must be valid before finalize";
                case AcmeOrder.PROCESSING -> "; another finalize is issuing its certificate";
                case AcmeOrder.VALID -> "; its certificate was issued already";
                default -> "; create a new order";
            });
        }
    }

    private static Actor actor(AcmeAccount account, String remoteAddress) {
        return AcmeAccounts.actor(account.id(), remoteAddress);
    }
}
