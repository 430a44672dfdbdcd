package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.policy.RequestBounds;

/**
 * A request to issue, as every front end hands it over: what the requester sent, and what its credential grants.
 *
 * @param csr the CSR as sent (PEM or DER)
 * @param validityDays requested lifetime, or null for the profile's default
 * @param grant what the requester's credential allows, from that credential's authorizer
 */
public record IssuanceRequest(byte[] csr, Integer validityDays, IssuanceGrant grant) {

    public IssuanceRequest {
        if (grant == null) {
            throw new IllegalArgumentException("an issuance request needs a grant");
        }
    }

    public String profile() {
        return grant.profile();
    }

    public Actor actor() {
        return grant.actor();
    }

    public RequestBounds bounds() {
        return grant.names();
    }

    public IssuanceAuthorization authorization() {
        return grant.authorization();
    }

    public boolean restrictedProfileAllowed() {
        return grant.restrictedProfileAllowed();
    }
}
