package dev.hallmark.acme.validation;

/**
 * Published when a validation or CAA check has ended, for the metrics.
 *
 * @param kind  what was checked
 * @param error why it failed; null when it passed
 */
public record ValidationFinished(Kind kind, ValidationError error) {

    /** The challenge types of RFC 8555 §8 and RFC 8737, and the CAA check before issuance. */
    public enum Kind {
        HTTP_01("http-01"), DNS_01("dns-01"), TLS_ALPN_01("tls-alpn-01"), CAA("caa");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** As ACME names the challenge type ({@code caa} for the CAA check). */
        public String label() {
            return label;
        }
    }
}
