package dev.hallmark.enrollment;

import dev.hallmark.audit.Actor;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceAuthorization;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.storage.EnrollmentTokenRepository;
import org.springframework.stereotype.Component;

/**
 * The authorizer of an enrollment token, whether it comes as REST's {@code Authorization: Bearer} or as EST's HTTP
 * Basic (user = token id): the token's profile, the token's name patterns, the actor {@code token:<id>}, and the
 * spending of the token inside the issuing transaction, with the certificate it yielded noted on it there too.
 */
@Component
public class TokenAuthorizer {

    private final EnrollmentTokenService tokens;
    private final EnrollmentTokenRepository repository;
    private final AuditLog audit;

    public TokenAuthorizer(EnrollmentTokenService tokens, EnrollmentTokenRepository repository, AuditLog audit) {
        this.tokens = tokens;
        this.repository = repository;
        this.audit = audit;
    }

    /**
     * @param requestedProfile the profile asked for (REST query, EST label), or null for the token's own
     * @throws IssuanceRefusedException for a token that is unknown, spent, revoked, expired, or for another profile
     */
    public IssuanceGrant authorize(EnrollmentCredential.Token credential, String requestedProfile,
            String remoteAddress) {
        EnrollmentTokenService.VerifiedToken token = tokens.verify(credential.id(), credential.token(), remoteAddress);
        Actor actor = new Actor("token:" + token.id(), remoteAddress);
        if (requestedProfile != null && !requestedProfile.equals(token.profile())) {
            String message = "enrollment token " + token.id() + " is for profile '" + token.profile() + "', not '"
                    + requestedProfile + "'";
            audit.recordAlone(actor, "certificate.issue", null, Outcome.REFUSED, message);
            throw new IssuanceRefusedException(IssuanceRefusedException.Reason.FORBIDDEN, message);
        }
        IssuanceAuthorization spending = tokens.spending(token.id());
        return new IssuanceGrant(token.profile(), token.bounds(), actor, new IssuanceAuthorization() {
            @Override
            public void authorize() {
                spending.authorize();
            }

            @Override
            public void issued(String serial) {
                repository.recordCertificate(token.id(), serial);
            }
        });
    }
}
