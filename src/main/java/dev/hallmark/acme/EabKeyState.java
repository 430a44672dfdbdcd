package dev.hallmark.acme;

/** An EAB key's state as the API shows it: only an {@code unused} key can bind an account. */
public enum EabKeyState {
    unused, bound, expired, revoked;

    /** A key that has bound no account can be revoked, an expired one too (so the list says it was). */
    public boolean revocable() {
        return this == unused || this == expired;
    }
}
