package dev.hallmark.issuance;

/**
 * A check that runs inside the issuing transaction, after policy and before the serial is
 * reserved, such as spending a one-time token: if issuance fails, its effect rolls back too.
 */
@FunctionalInterface
public interface IssuanceAuthorization {

    void authorize();
}
