package dev.hallmark.acme;

import dev.hallmark.issuance.IssuanceAuthorization;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.policy.RequestBounds;
import dev.hallmark.storage.AcmeRecords;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The authorizer of an ACME order at finalize (RFC 8555 section 7.4): the order's profile, exactly the order's
 * identifiers as the certificate's names — no more and no fewer, a wildcard identifier as the literal wildcard
 * name — the actor {@code acme:<account id>}; in the issuing transaction, before signing, a check that this finalize
 * still holds the order's lease (which also locks the order's row until the transaction ends: a finalize taken over
 * by another signs nothing), and the order's move from processing to valid with its certificate, so that the two
 * commit or roll back together.
 */
@Component
public class AcmeOrderAuthorizer {

    private final AcmeRecords records;
    private final Clock clock;
    private final AcmeSettings settings;

    AcmeOrderAuthorizer(AcmeRecords records, Clock clock, AcmeSettings settings) {
        this.records = records;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * @param order an order of {@code account} that this finalize moved to processing
     * @param lease the finalize lease's token, as claimed or taken over
     */
    public IssuanceGrant authorize(AcmeAccount account, AcmeOrder order, String lease, String remoteAddress) {
        if (!order.accountId().equals(account.id())) {
            throw AcmeException.notFound("order " + AcmeIdentifiers.quote(order.id()) + " of this account");
        }
        String orderId = order.id();
        IssuanceAuthorization completes = new IssuanceAuthorization() {
            @Override
            public void authorize() {
                if (records.holdFinalize(orderId, lease, clock.instant().plus(settings.finalizeLease())) != 1) {
                    throw new IssuanceRefusedException(IssuanceRefusedException.Reason.CONFLICT, "order " + orderId + " is no longer held by this finalize:"
                            + " its lease ran out and another finalize took it over");
                }
            }

            @Override
            public void issued(String serial) {
                if (records.completeOrder(orderId, lease, serial) != 1) {
                    throw new IllegalStateException("order " + orderId + " left processing during issuance");
                }
            }
        };
        return new IssuanceGrant(order.profile(), names(order), AcmeAccounts.actor(account.id(), remoteAddress),
                completes);
    }

    /** The order's identifiers as policy compares SANs: DNS names in lower case, IP addresses in their usual text. */
    static RequestBounds names(AcmeOrder order) {
        List<String> names = new ArrayList<>();
        for (OrderIdentifier identifier : order.identifiers()) {
            if (identifier.type().equals(OrderIdentifier.IP)) {
                try {
                    names.add(InetAddress.getByName(identifier.value()).getHostAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                names.add(identifier.displayValue().toLowerCase(Locale.ROOT));
            }
        }
        return RequestBounds.exactly(names);
    }
}
