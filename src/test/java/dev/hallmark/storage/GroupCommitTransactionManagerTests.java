package dev.hallmark.storage;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class GroupCommitTransactionManagerTests {

    private static final String URL = "jdbc:h2:mem:group-commit;DB_CLOSE_DELAY=-1";

    @Test
    void createWhenUserMayNotCheckpointThenFailsAtOnceSayingWhy() throws SQLException {
        try (Connection admin = DriverManager.getConnection(URL, "owner", "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS app PASSWORD 'app'");

            assertThatCode(() -> new GroupCommitTransactionManager(dataSource("owner", ""))).doesNotThrowAnyException();
            assertThatThrownBy(() -> new GroupCommitTransactionManager(dataSource("app", "app")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("the H2 user must be an administrator of the database to run CHECKPOINT SYNC");
        }
    }

    private static JdbcDataSource dataSource(String user, String password) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(URL);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }
}
