package dev.hallmark.revocation;

import dev.hallmark.admin.Caller;
import dev.hallmark.admin.Role;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.storage.Administrator;
import dev.hallmark.storage.AdministratorRepository;
import dev.hallmark.storage.CertificateRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Who may revoke what. Revoking is for ADMINs and OPERATORs; what changes who runs the CA is for
 * an ADMIN alone: the certificate of an administrator (of any role), a CA certificate, whose
 * revocation ends every certificate below it, and the service's own TLS and OCSP responder
 * certificates, whose revocation breaks its HTTPS or its OCSP answers until they are renewed. The
 * root is never revoked (relying parties distrust it instead), and neither is the last active ADMIN: nothing in the API could then make a new ADMIN,
 * so a replacement comes first (another ADMIN, or {@code create-admin} on the CA's host). A subscriber
 * (an ACME account or key the front end proved entitled to one certificate) may revoke that end-entity
 * certificate alone: never a CA's, never an administrator's.
 */
@Component
final class RevocationPolicy {

    /** The recorded profiles of the service's own certificates ({@code issuance.ServiceProfile}). */
    static final Set<String> SERVICE_PROFILES = Set.of("service-tls", "ocsp-responder");

    private final AdministratorRepository administrators;
    private final CertificateAuthorities authorities;

    RevocationPolicy(AdministratorRepository administrators, CertificateAuthorities authorities) {
        this.administrators = administrators;
        this.authorities = authorities;
    }

    /**
     * The administrator holding the certificate, if any. For an ADMIN's certificate this takes the
     * lock on every ADMIN row first, in the revoking transaction and before the certificate is read:
     * two revocations of the last two ADMINs then take turns, and the second counts the ADMINs
     * still active after the first committed.
     */
    Optional<Administrator> holderLocked(String serial) {
        Optional<Administrator> holder = administrators.findByCertificateSerial(serial);
        if (holder.isPresent() && Role.ADMIN.name().equals(holder.get().role())) {
            administrators.lockAllWithRole(Role.ADMIN.name());
        }
        return holder;
    }

    /** Refuses, with the reason, a revocation the caller may not make. */
    void check(CertificateRecord record, Optional<Administrator> holder, Caller caller, Instant now) {
        String serial = record.serial();
        if (RevocationService.ROOT_PROFILE.equals(record.profile())) {
            throw new RevocationException(RevocationException.Reason.INVALID,
                    "the root CA cannot be revoked; distrust it by removing it from trust stores");
        }
        if (caller.role() == null && caller.subscriberOf() != null) {
            checkSubscriber(record, holder, caller);
            return;
        }
        if (!caller.is(Role.ADMIN) && !caller.is(Role.OPERATOR)) {
            throw new RevocationException(RevocationException.Reason.FORBIDDEN,
                    "only an ADMIN or an OPERATOR may revoke certificates; the caller is " + caller.describe());
        }
        if (issuedByRoot(record) && !caller.is(Role.ADMIN)) {
            throw new RevocationException(RevocationException.Reason.FORBIDDEN, "certificate " + serial
                    + " is a CA certificate: revoking it ends every certificate it issued, so only an ADMIN may revoke it");
        }
        if (SERVICE_PROFILES.contains(record.profile()) && !caller.is(Role.ADMIN)) {
            throw new RevocationException(RevocationException.Reason.FORBIDDEN, "certificate " + serial
                    + " is the service's own (" + record.profile() + "): revoking it breaks the service's HTTPS or"
                    + " OCSP answers until it is renewed, so only an ADMIN may revoke it");
        }
        if (holder.isEmpty()) {
            return;
        }
        Administrator administrator = holder.get();
        if (!caller.is(Role.ADMIN)) {
            throw new RevocationException(RevocationException.Reason.FORBIDDEN, "certificate " + serial
                    + " belongs to the administrator '" + administrator.name() + "' (" + administrator.role()
                    + "); only an ADMIN may revoke an administrator's certificate");
        }
        if (Role.ADMIN.name().equals(administrator.role())
                && administrators.countActiveWithRoleExcept(Role.ADMIN.name(), serial, now) == 0) {
            throw new RevocationException(RevocationException.Reason.LAST_ADMIN, "certificate " + serial
                    + " belongs to '" + administrator.name() + "', the last active ADMIN; without it no one could"
                    + " manage administrators. Create another ADMIN first (POST /api/v1/admins), or, without API"
                    + " access, run 'java -jar hallmark.jar create-admin --name NAME' on the CA's host");
        }
    }

    /** A CA certificate: the issuing CA's (the root's own is refused before). */
    private boolean issuedByRoot(CertificateRecord record) {
        return record.issuerId() == authorities.nameId(IssuerId.ROOT).value();
    }

    private void checkSubscriber(CertificateRecord record, Optional<Administrator> holder, Caller caller) {
        String serial = record.serial();
        if (!serial.equals(caller.subscriberOf())) {
            throw new RevocationException(RevocationException.Reason.FORBIDDEN, caller.describe()
                    + " may revoke only that certificate, not " + serial);
        }
        if (issuedByRoot(record)) {
            throw new RevocationException(RevocationException.Reason.FORBIDDEN, "certificate " + serial
                    + " is a CA certificate; only an ADMIN may revoke it");
        }
        if (holder.isPresent()) {
            throw new RevocationException(RevocationException.Reason.FORBIDDEN, "certificate " + serial
                    + " belongs to an administrator; only an ADMIN may revoke it");
        }
    }
}
