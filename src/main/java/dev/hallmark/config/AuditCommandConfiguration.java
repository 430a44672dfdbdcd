package dev.hallmark.config;

import dev.hallmark.storage.AuditRecords;
import dev.hallmark.storage.CaKeyRecords;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What {@code verify-audit} needs of the service: its database (the audit trail, the CA certificates),
 * with the service's own settings (application.properties, environment, {@code --name=value} arguments),
 * and nothing else. No migration:
 * a check only reads, and must not chain what it was asked to check.
 *
 * <p>Not a {@code @Configuration}: the service's component scan would then take these beans in as well.
 */
@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
public class AuditCommandConfiguration {

    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(AuditCommandConfiguration.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.banner-mode", "off", "spring.main.log-startup-info", "false",
                        "logging.level.root", "warn", "logging.level.com.zaxxer.hikari", "off",
                        "logging.level.org.springframework", "error",
                        "logging.level.org.springframework.boot.diagnostics", "off"))
                .run(args);
    }

    @Bean
    AuditRecords auditRecords(DataSource dataSource) {
        return new AuditRecords(dataSource);
    }

    /** The CA certificates, to check a checkpoint given without --ca-file. */
    @Bean
    CaKeyRecords caKeyRecords(DataSource dataSource) {
        return new CaKeyRecords(dataSource);
    }

    @Bean
    TransactionTemplate readOnlyTransactions(DataSource dataSource) {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        transactions.setReadOnly(true);
        return transactions;
    }
}
