package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.policy.RequestBounds;

/**
 * A request to issue, as every front end hands it over.
 *
 * @param csr the CSR as sent (PEM or DER)
 * @param validityDays requested lifetime, or null for the profile's default
 * @param bounds limits from the requester's credential (a token, a certificate being renewed), or null
 * @param restrictedProfileAllowed true only for the endpoint that owns a restricted profile (administrators)
 * @param authorization work that must commit or roll back with the issuance (spending a token), or null
 */
public record IssuanceRequest(byte[] csr, String profile, Integer validityDays, Actor actor, RequestBounds bounds,
        boolean restrictedProfileAllowed, IssuanceAuthorization authorization) {

    public static IssuanceRequest of(byte[] csr, String profile, Integer validityDays, Actor actor) {
        return new IssuanceRequest(csr, profile, validityDays, actor, null, false, null);
    }
}
