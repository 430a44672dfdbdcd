package dev.hallmark.signing;

import java.time.Instant;

/**
 * The revoked certificates of one CRL, handed to the encoder one at a time so that a CRL with a
 * million entries never needs a million objects in memory: the source pages through its store and
 * calls the sink for each row.
 */
@FunctionalInterface
public interface CrlEntries {

    void forEach(Sink sink);

    /** Receives one revoked certificate. */
    @FunctionalInterface
    interface Sink {

        /**
         * @param serialHex the serial number in hexadecimal (as stored), positive
         * @param revocationDate when it was revoked
         * @param reasonCode RFC 5280 CRLReason code; 0 (unspecified) writes no reason extension
         */
        void accept(String serialHex, Instant revocationDate, int reasonCode);
    }

    static CrlEntries none() {
        return sink -> {
        };
    }
}
