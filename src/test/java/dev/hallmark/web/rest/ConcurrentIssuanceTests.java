package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Hundreds of issuances at once: every one answered, every serial distinct, every certificate stored. */
class ConcurrentIssuanceTests extends ServiceTest {

    private static final int REQUESTS = 300;

    @Autowired
    CertificateRepository certificates;

    @Test
    void issueWhenHundredsInParallelThenDistinctSerialsAllStored() throws Exception {
        HallmarkClient c = client();
        HttpClient admin = c.admin();
        String csr = TestCsrs.csr().subject("CN=parallel.example").dns("parallel.example").pem();
        long before = certificates.count();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            results.add(pool.submit(() -> {
                var response = c.issue(admin, csr, "profile=server&validityDays=7");
                assertThat(response.statusCode()).isEqualTo(201);
                return response.headers().firstValue("Location").orElseThrow();
            }));
        }
        Set<String> serials = new HashSet<>();
        for (Future<String> f : results) {
            serials.add(f.get());
        }
        pool.shutdown();
        assertThat(serials).hasSize(REQUESTS);
        assertThat(certificates.count()).isEqualTo(before + REQUESTS);
        for (String location : serials) {
            assertThat(certificates.findBySerial(location.substring(location.lastIndexOf('/') + 1))).isPresent();
        }
    }
}
