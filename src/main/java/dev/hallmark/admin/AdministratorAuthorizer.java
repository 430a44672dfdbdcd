package dev.hallmark.admin;

import dev.hallmark.audit.AuditLog;
import dev.hallmark.audit.Outcome;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.policy.RequestBounds;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The authorizer of an administrator's client certificate (REST, EST, the console): an ADMIN or OPERATOR may have
 * any profile issued that is not restricted, with any names the profile allows; only an ADMIN may create an
 * administrator, whose certificate is of the restricted {@code admin} profile and carries the administrator's name
 * as its common name. The security chains have let the caller in already; this is where what it may have is decided.
 */
@Component
public class AdministratorAuthorizer {

    private final AuditLog audit;

    public AdministratorAuthorizer(AuditLog audit) {
        this.audit = audit;
    }

    /** @param profile the profile asked for; never the restricted {@code admin} one (policy refuses it) */
    public IssuanceGrant issuing(Caller caller, String profile) {
        if (!caller.is(Role.ADMIN) && !caller.is(Role.OPERATOR)) {
            String message = "only an ADMIN or OPERATOR may have certificates issued with its own certificate; the"
                    + " caller is " + caller.describe();
            audit.recordAlone(caller.actor(), "certificate.issue", profile, Outcome.REFUSED, message);
            throw new IssuanceRefusedException(IssuanceRefusedException.Reason.FORBIDDEN, message);
        }
        return new IssuanceGrant(profile, null, caller.actor(), null);
    }

    /** The certificate of a new administrator named {@code name}. */
    public IssuanceGrant newAdministrator(Caller caller, String name) {
        if (!caller.is(Role.ADMIN)) {
            String message = "only an ADMIN may create administrators; the caller is " + caller.describe();
            audit.recordAlone(caller.actor(), "admin.create", name, Outcome.REFUSED, message);
            throw new IssuanceRefusedException(IssuanceRefusedException.Reason.FORBIDDEN, message);
        }
        return new IssuanceGrant(AdministratorService.PROFILE, new RequestBounds(name, List.of()), caller.actor(), null,
                true);
    }
}
