package hallmarkbench;

import dev.hallmark.HallmarkApplication;
import dev.hallmark.crypto.CryptoProviders;
import dev.hallmark.storage.AuditChain;
import dev.hallmark.storage.AuditEvent;
import dev.hallmark.storage.AuditRecords;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FOR bench/audit-chain.sh ONLY, never a way to run Hallmark: starts the service as HallmarkApplication
 * does, either as it is ({@code chained}) or with the audit trail's hash chain taken out
 * ({@code unchained}): each event is then one plain INSERT, as before the chain (V10), with chain fields of
 * its own so that the chaining passes (audit/AuditSequencer) never take it up: no head row lock, no SHA-256,
 * no second write. The difference between the two is the chain's cost.
 * Compiled by the script against target/classes, outside the service's packages, so that the service's
 * component scan never sees it. A trail written unchained is not a chain (negative sequence numbers,
 * zero hashes); verify-audit calls it broken, as it should.
 */
public final class AuditChainBenchServer {

    public static void main(String[] args) {
        boolean unchained = switch (args.length == 0 ? "" : args[0]) {
            case "chained" -> false;
            case "unchained" -> true;
            default -> throw new IllegalArgumentException("usage: AuditChainBenchServer chained|unchained [--name=value ...]");
        };
        CryptoProviders.install();
        SpringApplication application = unchained ? new SpringApplication(HallmarkApplication.class, Unchained.class)
                : new SpringApplication(HallmarkApplication.class);
        application.run(Arrays.copyOfRange(args, 1, args.length));
    }

    @Configuration(proxyBeanMethods = false)
    static class Unchained {

        @Bean
        @Primary
        AuditRecords unchainedAuditRecords(DataSource dataSource) {
            return new UnchainedAuditRecords(dataSource);
        }
    }

    /**
     * The append of the trail before the chain: one INSERT, no lock, no hash. Not final: AuditRecords is a
     * {@code @Repository}, which Spring proxies by subclass.
     */
    public static class UnchainedAuditRecords extends AuditRecords {

        private final JdbcClient jdbc;
        private final AtomicLong next = new AtomicLong();

        public UnchainedAuditRecords(DataSource dataSource) {
            super(dataSource);
            this.jdbc = JdbcClient.create(dataSource);
        }

        @Override
        public void append(AuditEvent e) {
            jdbc.sql("INSERT INTO audit_event (sequence_number, occurred_at, actor, action, target, remote_address,"
                            + " outcome, detail, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(-next.incrementAndGet(), e.occurredAt().atOffset(ZoneOffset.UTC), e.actor(), e.action(),
                            e.target(), e.remoteAddress(), e.outcome(), e.detail(), AuditChain.GENESIS,
                            AuditChain.GENESIS)
                    .update();
        }
    }
}
