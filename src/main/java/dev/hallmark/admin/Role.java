package dev.hallmark.admin;

/** What an administrator may do. */
public enum Role {
    /** Everything, including managing administrators. */
    ADMIN,
    /** Issue, revoke, manage enrollment tokens. */
    OPERATOR,
    /** Read certificates and the audit trail. */
    AUDITOR
}
