package dev.hallmark.metrics;

import dev.hallmark.acme.AcmeOrderStatusChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;

/** {@code hallmark_acme_orders_total{status}}: ACME orders entering each status of RFC 8555 section 7.1.6. */
public final class AcmeMetrics {

    static final List<String> STATUSES = List.of("pending", "ready", "processing", "valid", "invalid");

    private final Map<String, Counter> orders = new LinkedHashMap<>();

    public AcmeMetrics(MeterRegistry registry) {
        for (String status : STATUSES) {
            orders.put(status, Counter.builder("hallmark.acme.orders")
                    .description("ACME orders that entered each status").tag("status", status).register(registry));
        }
    }

    @EventListener
    public void onOrderStatusChanged(AcmeOrderStatusChanged changed) {
        Counter counter = orders.get(changed.status());
        if (counter != null && changed.count() > 0) {
            counter.increment(changed.count());
        }
    }
}
