package dev.hallmark.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The read model against the running service's store, where the tallies are kept by the database's trigger. */
class CertificateQueriesTests extends ServiceTest {

    @Autowired
    CertificateQueries queries;

    @Test
    void countWhenTheFilterHasNoTextThenEqualsTheCertificatesTheSearchLists() {
        HallmarkClient c = client();
        for (String profile : List.of("server", "client")) {
            TestCsrs csr = TestCsrs.csr().subject("CN=counted-" + profile);
            if (profile.equals("server")) {
                csr.dns("counted-server.example");
            }
            assertThat(c.issue(c.admin(), csr.pem(), "profile=" + profile + "&validityDays=2").statusCode())
                    .isEqualTo(201);
        }
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
        for (String status : Arrays.asList(null, "valid", "expired", "revoked")) {
            for (String profile : Arrays.asList(null, "server", "client")) {
                for (Instant[] window : List.of(new Instant[] {null, null}, new Instant[] {tomorrow, null},
                        new Instant[] {null, tomorrow.plus(2, ChronoUnit.DAYS)})) {
                    CertificateFilter filter = new CertificateFilter(status, profile, null, window[1], window[0]);
                    assertThat(queries.count(filter)).as(filter.toString())
                            .isEqualTo(queries.list(filter, 0, 100_000, null).size());
                }
            }
        }
    }

    @Test
    void browseWhenTextMatchesMoreThanTheLimitThenItStopsThereAndPagesInTheSearchsOrder() {
        HallmarkClient c = client();
        String word = "browse-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            TestCsrs csr = TestCsrs.csr().subject("CN=" + word + "-" + i).dns(word + "-" + i + ".example");
            assertThat(c.issue(c.admin(), csr.pem(), "profile=server").statusCode()).isEqualTo(201);
        }
        CertificateFilter filter = new CertificateFilter(null, null, word.toUpperCase(), null, null);
        List<String> all = serials(queries.search(filter, 0, 10, "subject,desc").items());
        assertThat(all).hasSize(3);

        CertificateQueries.BoundedPage stopped = queries.browse(filter, 0, 10, "subject,desc", 2);
        assertThat(stopped.totalItems()).isEqualTo(2);
        assertThat(stopped.more()).isTrue();
        assertThat(serials(stopped.items())).isEqualTo(all.subList(0, 2));

        CertificateQueries.BoundedPage second = queries.browse(filter, 1, 2, "subject,desc", 10);
        assertThat(second.totalItems()).isEqualTo(3);
        assertThat(second.more()).isFalse();
        assertThat(serials(second.items())).isEqualTo(all.subList(2, 3));
        assertThat(queries.browse(filter, 5, 2, "subject,desc", 10).items()).isEmpty();
    }

    private static List<String> serials(List<CertificateView> views) {
        return views.stream().map(CertificateView::serial).toList();
    }
}
