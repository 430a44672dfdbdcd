package dev.hallmark.revocation;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The last signed CRL of one CA, as files: served as is, never signed per request.
 *
 * @param der the CRL in DER ({@code application/pkix-crl})
 * @param pem the same CRL in PEM ({@code -----BEGIN X509 CRL-----})
 */
public record PublishedCrl(Path der, long derSize, Path pem, long pemSize, BigInteger number, Instant thisUpdate,
        Instant nextUpdate, long entries) {

    /** A strong validator for HTTP caches: the CRL number identifies the content. */
    public String etag() {
        return "\"crl-" + number + "\"";
    }
}
