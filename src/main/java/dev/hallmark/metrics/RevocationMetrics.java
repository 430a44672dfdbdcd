package dev.hallmark.metrics;

import dev.hallmark.revocation.CertificateRevoked;
import dev.hallmark.revocation.OcspResponded;
import dev.hallmark.revocation.RevocationReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.event.EventListener;

/**
 * {@code hallmark_certificates_revoked_total{reason}} (RFC 5280 reason names) and
 * {@code hallmark_ocsp_responses_total{status}} ({@code good}, {@code revoked}, {@code unknown},
 * and the error statuses {@code malformedRequest}, {@code internalError}, {@code tryLater},
 * {@code unauthorized}). Both label sets are enums, registered up front.
 */
public final class RevocationMetrics implements OcspResponded {

    private final Map<RevocationReason, Counter> revoked = new EnumMap<>(RevocationReason.class);
    private final Map<OcspResponded.Status, Counter> ocsp = new EnumMap<>(OcspResponded.Status.class);

    public RevocationMetrics(MeterRegistry registry) {
        for (RevocationReason reason : RevocationReason.values()) {
            revoked.put(reason, Counter.builder("hallmark.certificates.revoked")
                    .description("Certificates revoked, by reason").tag("reason", reason.name()).register(registry));
        }
        for (OcspResponded.Status status : OcspResponded.Status.values()) {
            ocsp.put(status, Counter.builder("hallmark.ocsp.responses")
                    .description("OCSP answers: certificate statuses of successful responses, and error responses")
                    .tag("status", status.name()).register(registry));
        }
    }

    @EventListener
    public void onRevoked(CertificateRevoked revocation) {
        revoked.get(revocation.reason()).increment();
    }

    @Override
    public void answered(OcspResponded.Status status) {
        ocsp.get(status).increment();
    }
}
