package dev.hallmark.cluster;

import java.util.List;

/**
 * Revocations committed by any node (this one included) since the last ones seen, for the caches
 * that must not answer from a status read before them: OCSP answers, accepted client certificates.
 *
 * @param issuerId the CA's issuer NameID, as the database names it
 * @param serials the revoked serials, as stored (upper-case hex)
 * @param all when true, {@code serials} may be incomplete: drop every cached entry
 */
public record RevocationsSeen(long issuerId, List<String> serials, boolean all) {

    public RevocationsSeen {
        serials = List.copyOf(serials);
    }
}
