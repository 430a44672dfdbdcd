package dev.hallmark.issuance;

import dev.hallmark.audit.Actor;
import dev.hallmark.policy.RequestBounds;

/**
 * What one credential allows its holder to have issued, as that credential's authorizer decided it: an
 * administrator's certificate, an enrollment token (REST bearer or EST Basic), a bootstrap certificate, the
 * certificate being renewed, an ACME order. Every front end turns its credential into a grant through that one
 * authorizer and hands the grant to {@link IssuanceService}, so bounds are never made up at the edge.
 *
 * @param profile the profile the certificate is issued under
 * @param names the names the certificate may carry, or null for any the profile allows
 * @param actor who asks, for the audit trail and the certificate's requester
 * @param authorization work that commits or rolls back with the issuance (spending a token), or null
 * @param restrictedProfileAllowed true only for the grant that creates an administrator, the one way to the
 *        restricted {@code admin} profile
 */
public record IssuanceGrant(String profile, RequestBounds names, Actor actor, IssuanceAuthorization authorization,
        boolean restrictedProfileAllowed) {

    public IssuanceGrant {
        if (profile == null || actor == null) {
            throw new IllegalArgumentException("a grant names a profile and an actor");
        }
    }

    public IssuanceGrant(String profile, RequestBounds names, Actor actor, IssuanceAuthorization authorization) {
        this(profile, names, actor, authorization, false);
    }
}
