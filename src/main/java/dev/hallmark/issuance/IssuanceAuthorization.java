package dev.hallmark.issuance;

/**
 * A check that runs inside the issuing transaction, after policy and before the serial is
 * reserved, such as spending a one-time token: if issuance fails, its effect rolls back too.
 */
@FunctionalInterface
public interface IssuanceAuthorization {

    void authorize();

    /**
     * Called in the same transaction once the certificate is signed and recorded, so that what the credential
     * records of it (an ACME order's certificate) commits or rolls back with the certificate itself.
     */
    default void issued(String serial) {
    }
}
