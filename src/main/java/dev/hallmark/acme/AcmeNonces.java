package dev.hallmark.acme;

import dev.hallmark.storage.AcmeRecords;
import dev.hallmark.storage.NonDurableTransactions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Anti-replay nonces (RFC 8555 section 6.5): 128 random bits each, kept in the database so that a
 * nonce made on one node is good on every node and is spent exactly once across all of them, by a
 * conditional delete. Making and spending one does not wait for the disk ({@link NonDurableTransactions}): a
 * nonce lost in a crash costs its client one {@code badNonce} and a retry, which every client does, and the
 * spend of a nonce whose request changed anything is durable with that change.
 */
@Component
public class AcmeNonces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AcmeRecords records;
    private final NonDurableTransactions transactions;
    private final Clock clock;

    AcmeNonces(AcmeRecords records, NonDurableTransactions transactions, Clock clock) {
        this.records = records;
        this.transactions = transactions;
        this.clock = clock;
    }

    public String issue() {
        String nonce = randomToken();
        transactions.run(() -> records.insertNonce(nonce, clock.instant().plus(AcmeSettings.NONCE_LIFETIME)));
        return nonce;
    }

    /** True once for a nonce this server issued and has not seen spent; false for any other value. */
    public boolean spend(String nonce) {
        return transactions.execute(() -> records.spendNonce(nonce, clock.instant()));
    }

    /** Any node may run this: deleting expired rows twice deletes them once. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    void deleteExpired() {
        transactions.execute(() -> records.deleteExpiredNonces(clock.instant()));
    }

    /** 128 random bits, base64url without padding: nonces, tokens and ids. */
    static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
