package dev.hallmark.admin;

/**
 * A new administrator and the credential issued for it.
 *
 * @param pkcs12Base64 the generated key and certificate chain, or null when the administrator sent a CSR
 * @param pkcs12Password the PKCS#12 password, shown once, or null
 * @param privateKeyPem the generated key as PEM for curl, or null; never put into an API answer
 */
public record AdministratorCredential(long id, String name, Role role, String serial, String certificatePem,
        String chainPem, String pkcs12Base64, String pkcs12Password, String privateKeyPem) {

    @Override
    public String toString() {
        return "AdministratorCredential[id=" + id + ", name=" + name + ", role=" + role + ", serial=" + serial + "]";
    }
}
