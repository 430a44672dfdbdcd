package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.config.RevocationConfiguration.RevocationUpkeep;
import dev.hallmark.support.ServiceTest;
import java.time.Duration;
import java.time.LocalDateTime;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The once-cluster-wide schedules on H2, the single-node default: ShedLock's lock works there too. */
class SchedulerLockTests extends ServiceTest {

    @Autowired
    RevocationUpkeep upkeep;

    @Autowired
    DataSource dataSource;

    @Test
    void crlScheduleWhenRunOnH2ThenItTakesTheLockForAtLeastThirtySeconds() {
        upkeep.regenerateCrls();

        var lock = JdbcClient.create(dataSource).sql("SELECT locked_at, lock_until FROM shedlock WHERE name = ?")
                .param("crl-regeneration")
                .query((rs, n) -> new LocalDateTime[] {rs.getObject(1, LocalDateTime.class),
                        rs.getObject(2, LocalDateTime.class)})
                .single();
        assertThat(Duration.between(lock[0], lock[1])).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }
}
