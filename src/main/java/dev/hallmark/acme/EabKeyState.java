package dev.hallmark.acme;

/** An EAB key's state as the API shows it: only an {@code unused} key can bind an account or be revoked. */
public enum EabKeyState {
    unused, bound, expired, revoked
}
