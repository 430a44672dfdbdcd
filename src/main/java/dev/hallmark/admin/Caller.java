package dev.hallmark.admin;

import dev.hallmark.audit.Actor;

/**
 * Who asks for a change, as the front end established it: the actor that the audit trail names,
 * and the administrator role the caller's credential carries. The services that change
 * administrators and revoke certificates decide from this what the caller may do; front ends
 * only pass it on.
 *
 * @param role the caller's administrator role, or null for a caller that is no administrator
 */
public record Caller(Actor actor, Role role) {

    public Caller {
        if (actor == null) {
            throw new IllegalArgumentException("a caller needs an actor");
        }
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
        return actor.name() + " (" + (role == null ? "no administrator role" : role) + ")";
    }
}
