package dev.hallmark.config;

import dev.hallmark.storage.GroupCommitTransactionManager;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.JpaTransactionManager;

/**
 * The transaction manager: on H2, commits become durable in groups ({@link GroupCommitTransactionManager});
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

    private static boolean isH2(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        }
    }
}
