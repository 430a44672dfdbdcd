package dev.hallmark.issuance;

/**
 * A certificate issued for a key the service generated, with that key in a PKCS#12 protected by a password made for
 * it. Both are handed out once, to the administrator who asked; neither is stored or logged.
 */
public record GeneratedKeyCertificate(IssuedCertificate certificate, byte[] pkcs12, String password) {

    public GeneratedKeyCertificate {
        pkcs12 = pkcs12.clone();
    }

    @Override
    public byte[] pkcs12() {
        return pkcs12.clone();
    }

    @Override
    public String toString() {
        return "GeneratedKeyCertificate[" + certificate.serial() + ", PKCS#12 and password withheld]";
    }
}
