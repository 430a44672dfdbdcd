package dev.hallmark.signing;

import java.math.BigInteger;
import java.time.Instant;

/** What the CRL signer wrote: the number and times in the CRL, how many entries and bytes. */
public record SignedCrl(IssuerId issuer, BigInteger number, Instant thisUpdate, Instant nextUpdate, long entries,
        long size) {
}
