/**
 * The service's Micrometer meters, scraped at {@code /actuator/prometheus} (docs/operations.md).
 * They are fed by the domain events the other packages publish, so that issuance, revocation and
 * the front ends know nothing of Micrometer; every meter is registered once, up front or on the
 * first event of a bounded kind, and recording is a map lookup and an increment.
 */
package dev.hallmark.metrics;
