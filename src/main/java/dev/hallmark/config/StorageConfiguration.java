package dev.hallmark.config;

import dev.hallmark.storage.GroupCommitTransactionManager;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.JpaTransactionManager;

/**
 * Flyway's refusal of a schema newer than this version, and the transaction manager: on H2, commits become durable in groups ({@link GroupCommitTransactionManager});
 * on PostgreSQL each commit is durable on its own (and the server groups concurrent ones itself).
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    JpaTransactionManager transactionManager(DataSource dataSource,
            ObjectProvider<TransactionManagerCustomizers> customizers) throws SQLException {
        JpaTransactionManager manager = isH2(dataSource) ? new GroupCommitTransactionManager(dataSource)
                : new JpaTransactionManager();
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }

    /**
     * Flyway ignores migrations applied to the database that this version does not know ("future"
     * ones) by default; a node of an older version would then run on a schema it was not written
     * for. Validation without ignore patterns refuses to start instead ({@link SchemaFailureAnalyzer}).
     */
    @Bean
    FlywayConfigurationCustomizer refuseNewerSchemas() {
        return configuration -> configuration.ignoreMigrationPatterns(new String[0]);
    }

    private static boolean isH2(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        }
    }
}
