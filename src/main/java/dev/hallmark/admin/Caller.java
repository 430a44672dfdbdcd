package dev.hallmark.admin;

import dev.hallmark.audit.Actor;

/**
 * Who asks for a change, as the front end established it: the actor that the audit trail names,
 * and the administrator role the caller's credential carries. The services that change
 * administrators and revoke certificates decide from this what the caller may do; front ends
 * only pass it on.
 *
 * @param role the caller's administrator role, or null for a caller that is no administrator
 * @param subscriberOf the serial of the one certificate whose subscriber the front end proved the caller to be
 *     (ACME: it holds the certificate's key, or controls every name in it), or null
 */
public record Caller(Actor actor, Role role, String subscriberOf) {

    public Caller {
        if (actor == null) {
            throw new IllegalArgumentException("a caller needs an actor");
        }
    }

    public Caller(Actor actor, Role role) {
        this(actor, role, null);
    }

    /**
     * A caller with no administrator role whom the front end proved entitled to one certificate (RFC 8555
     * section 7.6): revocation lets it revoke that certificate alone, by the same rules as for everyone else.
     */
    public static Caller subscriber(Actor actor, String serial) {
        return new Caller(actor, null, serial);
    }

    /**
     * The service itself, or a command run on the CA's host: whoever can run it holds the CA
     * password and the database, so it acts with an ADMIN's authority.
     */
    public static Caller system(String name) {
        return new Caller(new Actor(name, null), Role.ADMIN);
    }

    public boolean is(Role wanted) {
        return role == wanted;
    }

    /** For messages: the actor and its role. */
    public String describe() {
        return actor.name() + " (" + (role != null ? role : subscriberOf != null ? "subscriber of " + subscriberOf
                : "no administrator role") + ")";
    }
}
