package dev.hallmark.acme;

/**
 * Published when orders move into a status (created pending or ready, ready, processing, valid, invalid), for
 * the metrics; {@code count} orders moved at once (all orders of an authorization that just became valid).
 */
public record AcmeOrderStatusChanged(String status, int count) {
}
