package dev.hallmark.acme;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.policy.Limits;
import dev.hallmark.storage.AcmeRecords;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** ACME accounts (RFC 8555 section 7.3): create or find by key, update contacts, deactivate. */
@Service
public class AcmeAccounts {

    /** RFC 8555 does not bound contacts; ten addresses are more than any client sends. */
    static final int MAX_CONTACTS = 10;
    static final int MAX_CONTACT_LENGTH = 255;

    private final AcmeRecords records;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AcmeSettings settings;
    private final ApplicationEventPublisher events;
    private final ExternalAccountKeys eab;

    AcmeAccounts(AcmeRecords records, AuditLog audit, TransactionTemplate transactions, Clock clock,
            AcmeSettings settings, ApplicationEventPublisher events, ExternalAccountKeys eab) {
        this.eab = eab;
        this.events = events;
        this.records = records;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
    }

    /** What newAccount did: found the key's account, or made one. */
    public record Registration(AcmeAccount account, boolean created) {
    }

    /**
     * newAccount. An existing account of the key is returned as it is (RFC 8555 section 7.3.1), whatever the
     * payload says; {@code onlyReturnExisting} never creates one.
     *
     * @param binding the external account binding, checked by the front end up to its MAC, or null
     */
    public Registration register(AccountKey key, List<String> contact, boolean onlyReturnExisting,
            EabBinding binding, String remoteAddress) {
        Optional<AcmeAccount> existing = findByKey(key);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        if (onlyReturnExisting) {
            throw new AcmeException(AcmeProblem.accountDoesNotExist, "no account exists for this key");
        }
        List<String> contacts = checkContacts(contact);
        if (binding == null && settings.externalAccountRequired()) {
            throw new AcmeException(AcmeProblem.externalAccountRequired, "this server requires an external account"
                    + " binding: ask an administrator for an EAB key (POST /api/v1/acme/eab-keys)");
        }
        String id = AcmeNonces.randomToken();
        String eabKeyId = binding == null ? null : eab.verify(binding);
        try {
            transactions.executeWithoutResult(s -> {
                if (eabKeyId != null) {
                    eab.bind(eabKeyId, id);
                }
                records.insertAccount(new AcmeRecords.Account(id, key.thumbprint(), key.jwk(), AcmeAccount.VALID,
                        contacts, eabKeyId, clock.instant()));
                audit.record(actor(id, remoteAddress), "acme.account.create", id, Outcome.SUCCESS,
                        "contact=" + contacts + (eabKeyId == null ? "" : " eab=" + eabKeyId));
            });
        } catch (DuplicateKeyException e) {
            // another request registered the same key at the same moment: that account is the key's
            return new Registration(findByKey(key).orElseThrow(() -> e), false);
        }
        return new Registration(find(id).orElseThrow(), true);
    }

    /** For administrators: the newest accounts first. */
    public List<AcmeAccountSummary> list(int limit) {
        return records.accounts(limit).stream().map(AcmeAccounts::summary).toList();
    }

    /** For administrators: one account. */
    public AcmeAccountSummary get(String id) {
        return summary(records.findAccount(id).orElseThrow(() -> new AcmeAdministrationException(
                AcmeAdministrationException.Reason.NOT_FOUND, "no ACME account has the id '" + Limits.quote(id)
                + "'")));
    }

    public Optional<AcmeAccount> find(String id) {
        return records.findAccount(id).map(AcmeAccounts::view);
    }

    public Optional<AcmeAccount> findByKey(AccountKey key) {
        return records.findAccountByThumbprint(key.thumbprint()).map(AcmeAccounts::view);
    }

    public AcmeAccount updateContact(AcmeAccount account, List<String> contact, String remoteAddress) {
        List<String> contacts = checkContacts(contact);
        transactions.executeWithoutResult(s -> {
            if (records.updateContact(account.id(), contacts) != 1) {
                throw new AcmeException(AcmeProblem.unauthorized, "the account is not valid");
            }
            audit.record(actor(account.id(), remoteAddress), "acme.account.update", account.id(), Outcome.SUCCESS,
                    "contact=" + contacts);
        });
        return find(account.id()).orElseThrow();
    }

    /** Deactivation by the account itself is final (RFC 8555 section 7.3.6); its open orders end with it. */
    public AcmeAccount deactivate(AcmeAccount account, String remoteAddress) {
        if (!end(account.id(), actor(account.id(), remoteAddress))) {
            throw new AcmeException(AcmeProblem.unauthorized, "the account is not valid");
        }
        return find(account.id()).orElseThrow();
    }

    /**
     * Deactivation by an administrator, as final as the account's own: the client's requests are refused from now on,
     * its open orders end; the certificates it obtained stay valid until revoked.
     */
    public AcmeAccountSummary deactivate(String id, Actor administrator) {
        if (!end(id, administrator)) {
            throw new AcmeAdministrationException(AcmeAdministrationException.Reason.CONFLICT, "ACME account " + id
                    + " is " + get(id).status() + " already");
        }
        return get(id);
    }

    /** Deactivates a valid account and ends its open orders; false when it is not valid (or unknown). */
    private boolean end(String id, Actor actor) {
        Integer invalidated = transactions.execute(s -> {
            if (records.deactivateAccount(id) != 1) {
                return null;
            }
            int orders = records.invalidateOpenOrders(id, new AcmeError(AcmeProblem.unauthorized,
                    "the account was deactivated").stored());
            audit.record(actor, "acme.account.deactivate", id, Outcome.SUCCESS, null);
            return orders;
        });
        if (invalidated == null) {
            return false;
        }
        if (invalidated > 0) {
            events.publishEvent(new AcmeOrderStatusChanged(AcmeOrder.INVALID, invalidated));
        }
        return true;
    }

    /**
     * Key rollover (RFC 8555 section 7.3.5), after the front end checked the inner JWS: from the key the request
     * was verified with only, so two rollovers of one account cannot both win.
     *
     * @throws AcmeException 409 when another account has the new key
     */
    public AcmeAccount changeKey(AcmeAccount account, AccountKey newKey, String remoteAddress) {
        try {
            transactions.executeWithoutResult(s -> {
                if (records.changeKey(account.id(), account.thumbprint(), newKey.thumbprint(), newKey.jwk()) != 1) {
                    throw new AcmeException(AcmeProblem.unauthorized, "the account's key changed meanwhile");
                }
                audit.record(actor(account.id(), remoteAddress), "acme.account.key-change", account.id(),
                        Outcome.SUCCESS, "from=" + account.thumbprint() + " to=" + newKey.thumbprint());
            });
        } catch (DuplicateKeyException e) {
            throw new AcmeException(AcmeProblem.malformed, 409, "the new key is already the key of another account");
        }
        return find(account.id()).orElseThrow();
    }

    static Actor actor(String accountId, String remoteAddress) {
        return new Actor("acme:" + accountId, remoteAddress);
    }

    /** Only {@code mailto:} contacts with a single plain address (RFC 8555 section 7.3, as Boulder). */
    static List<String> checkContacts(List<String> contact) {
        if (contact == null) {
            return List.of();
        }
        if (contact.size() > MAX_CONTACTS) {
            throw new AcmeException(AcmeProblem.invalidContact, contact.size() + " contacts; at most " + MAX_CONTACTS
                    + " are accepted");
        }
        List<String> checked = new ArrayList<>();
        for (String c : contact) {
            if (c == null || !c.regionMatches(true, 0, "mailto:", 0, 7)) {
                throw new AcmeException(AcmeProblem.unsupportedContact, "contact '"
                        + AcmeIdentifiers.quote(String.valueOf(c)) + "' is not a mailto: URL; only e-mail contacts"
                        + " are supported");
            }
            String address = c.substring(7);
            int at = address.indexOf('@');
            if (c.length() > MAX_CONTACT_LENGTH || at <= 0 || at != address.lastIndexOf('@')
                    || at == address.length() - 1 || !address.matches("[^\\s?,;<>\"()\\[\\]\\\\]+")) {
                throw new AcmeException(AcmeProblem.invalidContact, "contact '" + AcmeIdentifiers.quote(c)
                        + "' is not one plain e-mail address");
            }
            checked.add("mailto:" + address);
        }
        return checked;
    }

    private static AcmeAccountSummary summary(AcmeRecords.Account a) {
        return new AcmeAccountSummary(a.id(), a.status(), a.contact(), a.eabKeyId(), a.createdAt());
    }

    static AcmeAccount view(AcmeRecords.Account a) {
        return new AcmeAccount(a.id(), a.status(), a.contact(), a.jwk(), a.thumbprint(), a.eabKeyId());
    }
}
