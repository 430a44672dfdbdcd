package dev.hallmark.acme;

import dev.hallmark.storage.AcmeRecords;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Anti-replay nonces (RFC 8555 section 6.5): 128 random bits each, kept in the database so that a
 * nonce made on one node is good on every node and is spent exactly once across all of them.
 */
@Component
public class AcmeNonces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AcmeRecords records;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AcmeNonces(AcmeRecords records, TransactionTemplate transactions, Clock clock) {
        this.records = records;
        this.transactions = transactions;
        this.clock = clock;
    }

    public String issue() {
        String nonce = randomToken();
        transactions.executeWithoutResult(s -> records.insertNonce(nonce,
                clock.instant().plus(AcmeSettings.NONCE_LIFETIME)));
        return nonce;
    }

    /** True once for a nonce this server issued and has not seen spent; false for any other value. */
    public boolean spend(String nonce) {
        Boolean spent = transactions.execute(s -> records.spendNonce(nonce, clock.instant()));
        return Boolean.TRUE.equals(spent);
    }

    /** Any node may run this: deleting expired rows twice deletes them once. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    void deleteExpired() {
        transactions.executeWithoutResult(s -> records.deleteExpiredNonces(clock.instant()));
    }

    /** 128 random bits, base64url without padding: nonces, tokens and ids. */
    static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
